package org.actorgrad.export;

import java.util.List;
import org.actorgrad.kernel.Activation;
import org.actorgrad.kernel.Conv2dShape;
import org.actorgrad.kernel.Pool2dShape;
import org.actorgrad.model.FeatureShape;
import org.actorgrad.model.LayerSpec;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.model.ParameterLayout;

/**
 * A trained network as an ONNX model (opset 13, IR version 7) that ONNX Runtime, PyTorch's
 * onnx2torch, OpenCV's dnn module and others can run.
 *
 * <p>Input {@code pixels}: float (N, features) for a dense network, float (N, C, H, W) for one
 * that starts with conv or maxpool layers (actorgrad's CHW sample layout is ONNX's NCHW without the
 * batch); each pixel scaled to [0, 1] as value / 255, as actorgrad trains. With {@code rawPixels}
 * the division is folded into the graph (one Div node) and the input takes the 0-255 values
 * themselves. Output {@code probabilities} (N, classes) when the last layer is softmax (every
 * cross-entropy model), else {@code scores}: the last layer's activations, whose largest entry is
 * the prediction, as in {@code trainer predict}.
 *
 * <p>One node (or two) per layer, then its activation; dropout does nothing at inference and is
 * left out:
 * <ul>
 *   <li>dense: Gemm with transB = 1 (weights stored (out, in), as actorgrad and PyTorch's
 *       nn.Linear keep them);
 *   <li>conv: Conv with the OIHW weight, the bias, kernel_shape, strides and explicit pads
 *       [top, left, bottom, right] from {@link Conv2dShape}: valid padding is all zeros, same
 *       padding puts pad / 2 before and the rest after, so an even kernel pads one more row or
 *       column after than before (what ONNX's auto_pad SAME_UPPER also does, spelled out here);
 *   <li>maxpool: MaxPool with kernel_shape, strides, no padding and ceil_mode 0, which is
 *       {@link Pool2dShape}'s floor rule {@code out = (in - kernel) / stride + 1};
 *   <li>the implicit flatten before the first dense layer: Flatten with axis 1, which keeps NCHW
 *       order, the CHW order of the dense weight's columns.
 * </ul>
 * The metadata (ModelProto.metadata_props) repeats the input scaling, the input shape and the network.
 */
public final class OnnxExport {
  /** ai.onnx opset: Softmax-13 normalises along one axis (-1), not over flattened dimensions as before 13. */
  public static final int OPSET = 13;
  /** The IR version that goes with opset 13 (ONNX 1.8). */
  public static final int IR_VERSION = 7;

  private OnnxExport() {}

  /**
   * The ONNX model of {@code spec} with parameters {@code params} (laid out by {@link ParameterLayout}).
   *
   * @throws IllegalArgumentException when params does not have the network's parameter count
   */
  public static byte[] toBytes(NetworkSpec spec, float[] params, boolean rawPixels) {
    Network network = new Network(spec);
    if (params.length != network.parameterCount()) {
      throw new IllegalArgumentException("expected " + network.parameterCount() + " parameters for "
          + spec.layersSpec() + ", found " + params.length);
    }
    OnnxGraph g = new OnnxGraph();
    String value = "pixels";
    String layout = inputLayout(spec);
    g.input(value, inputDims(spec), (rawPixels
        ? "pixel values 0-255, " : "pixel values scaled to [0, 1] as value / 255, ") + layout);
    if (rawPixels) {
      value = g.node("Div", "scaled", List.of(value, g.constant("255", List.of(), new float[] {255f}, 0)));
    }
    for (int l = 0; l < spec.layers().size(); l++) {
      LayerSpec layer = spec.layers().get(l);
      if (l > 0 && !layer.spatial() && spec.layers().get(l - 1).spatial()) {
        // Named after the layer it flattens (layer l, numbered from 1): (N, C, H, W) to (N, C*H*W).
        value = g.node("Flatten", "layer" + l + ".flat", List.of(value), OnnxProto.intAttribute("axis", 1));
      }
      value = layer(g, network, l, params, value);
    }
    boolean softmax = outputName(spec).equals("probabilities");
    value = g.node("Identity", outputName(spec), List.of(value));
    g.output(value, List.of(spec.classes()), softmax
        ? "class probabilities (softmax); the largest is the prediction"
        : "the last layer's " + spec.layers().get(spec.layers().size() - 1).activation().id()
            + " outputs; the largest is the prediction");
    g.metadata("actorgrad.input_scaling", rawPixels ? "none: the graph divides by 255" : "value / 255");
    g.metadata("actorgrad.input_shape", "(N, " + String.join(", ", inputDims(spec).stream()
        .map(String::valueOf).toList()) + ") " + layout);
    g.metadata("actorgrad.network", spec.toString());
    String doc = "actorgrad " + spec + (rawPixels ? ", input 0-255" : ", input value / 255");
    return g.toModel("actorgrad", doc, IR_VERSION, OPSET, version());
  }

  /**
   * The input's dimensions after the batch: (C, H, W) for a network that starts with conv or
   * maxpool layers, else (features).
   */
  public static List<Integer> inputDims(NetworkSpec spec) {
    FeatureShape in = spec.input();
    return spec.layers().get(0).spatial()
        ? List.of(in.channels(), in.rows(), in.cols()) : List.of(spec.inputs());
  }

  /** How the input's values are ordered, in words: NCHW, or each image row-major. */
  private static String inputLayout(NetworkSpec spec) {
    return spec.layers().get(0).spatial()
        ? "NCHW (N, channels, rows, cols)" : "each image row-major, channels first (N, channels * rows * cols)";
  }

  /** The graph output's name: {@code probabilities} after a softmax layer, else {@code scores}. */
  public static String outputName(NetworkSpec spec) {
    Activation last = spec.layers().get(spec.layers().size() - 1).activation();
    return last == Activation.SOFTMAX ? "probabilities" : "scores";
  }

  /** Adds the layer at 0-based {@code l}, reading {@code input}; returns the name of its output. */
  private static String layer(OnnxGraph g, Network network, int l, float[] params, String input) {
    LayerSpec layer = network.spec().layers().get(l);
    String name = "layer" + (l + 1);
    if (layer.kind() == LayerSpec.Kind.MAXPOOL) {
      Pool2dShape p = network.pool2dShape(l);
      return g.node("MaxPool", name + ".a", List.of(input),
          OnnxProto.intsAttribute("kernel_shape", p.kernelRows(), p.kernelCols()),
          OnnxProto.intsAttribute("strides", p.strideRows(), p.strideCols()),
          OnnxProto.intsAttribute("pads", 0, 0, 0, 0),
          OnnxProto.intAttribute("ceil_mode", 0));
    }
    ParameterLayout layout = network.layout();
    ParameterLayout.Tensor w = layout.tensor(ParameterLayout.weightName(l + 1));
    ParameterLayout.Tensor b = layout.tensor(ParameterLayout.biasName(l + 1));
    List<String> inputs = List.of(input,
        g.constant(w.name(), w.shape(), params, w.offset()),
        g.constant(b.name(), b.shape(), params, b.offset()));
    String z;
    if (layer.kind() == LayerSpec.Kind.CONV) {
      Conv2dShape c = network.conv2dShape(l);
      // The padding after is what the last window needs beyond the input, as actorgrad's kernels
      // read it (Conv2dNaive: rows outside [0, rows) count as zeros); never negative.
      int padBottom = Math.max((c.outRows() - 1) * c.strideRows() + c.kernelRows() - c.rows() - c.padTop(), 0);
      int padRight = Math.max((c.outCols() - 1) * c.strideCols() + c.kernelCols() - c.cols() - c.padLeft(), 0);
      z = g.node("Conv", name + ".z", inputs,
          OnnxProto.intsAttribute("kernel_shape", c.kernelRows(), c.kernelCols()),
          OnnxProto.intsAttribute("strides", c.strideRows(), c.strideCols()),
          OnnxProto.intsAttribute("pads", c.padTop(), c.padLeft(), padBottom, padRight),
          OnnxProto.intsAttribute("dilations", 1, 1),
          OnnxProto.intAttribute("group", 1));
    } else {
      z = g.node("Gemm", name + ".z", inputs, OnnxProto.intAttribute("transB", 1));
    }
    return activation(g, layer.activation(), name, z);
  }

  /** The activation's node(s); the formulas are those of {@link Activation#forward}. */
  private static String activation(OnnxGraph g, Activation a, String layer, String z) {
    String out = layer + ".a";
    return switch (a) {
      case RELU -> g.node("Relu", out, List.of(z));
      case LEAKY_RELU -> g.node("LeakyRelu", out, List.of(z),
          OnnxProto.floatAttribute("alpha", Activation.LEAKY_SLOPE));
      case TANH -> g.node("Tanh", out, List.of(z));
      case SIGMOID -> g.node("Sigmoid", out, List.of(z));
      case LINEAR -> g.node("Identity", out, List.of(z));
      // 1 where z > 0, else 0: Greater gives booleans, Cast (to = FLOAT) makes them 1.0 and 0.0.
      case STEP -> g.node("Cast", out,
          List.of(g.node("Greater", layer + ".positive",
              List.of(z, g.constant(layer + ".zero", List.of(), new float[] {0f}, 0)))),
          OnnxProto.intAttribute("to", OnnxProto.FLOAT));
      case SOFTMAX -> g.node("Softmax", out, List.of(z), OnnxProto.intAttribute("axis", -1));
    };
  }

  private static String version() {
    String v = OnnxExport.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
