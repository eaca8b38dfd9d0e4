package org.actorgrad.export;

import java.util.List;
import org.actorgrad.kernel.Activation;
import org.actorgrad.model.LayerSpec;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.model.ParameterLayout;

/**
 * A trained network as an ONNX model (opset 13, IR version 7) that ONNX Runtime, PyTorch's
 * onnx2torch, OpenCV's dnn module and others can run.
 *
 * <p>Input {@code pixels}, float (N, features): each pixel scaled to [0, 1] as value / 255, as
 * actorgrad trains; with {@code rawPixels} the division is folded into the graph (one Div node) and
 * the input takes the 0-255 values themselves. Output {@code probabilities} (N, classes) when the
 * last layer is softmax (every cross-entropy model), else {@code scores}: the last layer's
 * activations, whose largest entry is the prediction, as in {@code trainer predict}.
 *
 * <p>Each dense layer is one Gemm with transB = 1 (weights stored (out, in), as actorgrad and
 * PyTorch's nn.Linear keep them), followed by its activation; dropout does nothing at inference and
 * is left out. The metadata (ModelProto.metadata_props) repeats the input scaling and the network.
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
    g.input(value, List.of(spec.inputs()), rawPixels
        ? "pixel values 0-255, row-major (N, rows * cols)"
        : "pixel values scaled to [0, 1] as value / 255, row-major (N, rows * cols)");
    if (rawPixels) {
      value = g.node("Div", "scaled", List.of(value, g.constant("255", List.of(), new float[] {255f}, 0)));
    }
    ParameterLayout layout = network.layout();
    for (int l = 0; l < spec.layers().size(); l++) {
      value = layer(g, spec.layers().get(l), l, layout, params, value);
    }
    boolean softmax = outputName(spec).equals("probabilities");
    value = g.node("Identity", outputName(spec), List.of(value));
    g.output(value, List.of(spec.classes()), softmax
        ? "class probabilities (softmax); the largest is the prediction"
        : "the last layer's " + spec.layers().get(spec.layers().size() - 1).activation().id()
            + " outputs; the largest is the prediction");
    g.metadata("actorgrad.input_scaling", rawPixels ? "none: the graph divides by 255" : "value / 255");
    g.metadata("actorgrad.network", spec.toString());
    String doc = "actorgrad " + spec + (rawPixels ? ", input 0-255" : ", input value / 255");
    return g.toModel("actorgrad", doc, IR_VERSION, OPSET, version());
  }

  /** The graph output's name: {@code probabilities} after a softmax layer, else {@code scores}. */
  public static String outputName(NetworkSpec spec) {
    Activation last = spec.layers().get(spec.layers().size() - 1).activation();
    return last == Activation.SOFTMAX ? "probabilities" : "scores";
  }

  /** Adds one layer (0-based {@code l}) reading {@code input}; returns the name of its output. */
  private static String layer(OnnxGraph g, LayerSpec layer, int l, ParameterLayout layout,
      float[] params, String input) {
    String name = "layer" + (l + 1);
    // One case per layer kind: today every layer is dense (conv and pooling would add theirs here).
    ParameterLayout.Tensor w = layout.tensor(ParameterLayout.weightName(l + 1));
    ParameterLayout.Tensor b = layout.tensor(ParameterLayout.biasName(l + 1));
    String z = g.node("Gemm", name + ".z", List.of(input,
            g.constant(w.name(), w.shape(), params, w.offset()),
            g.constant(b.name(), b.shape(), params, b.offset())),
        OnnxProto.intAttribute("transB", 1));
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
