package org.actorgrad.model;

import java.util.ArrayList;
import java.util.List;
import org.actorgrad.kernel.Activation;
import org.actorgrad.kernel.TooLargeException;

/**
 * The shape of a network: the input's {@link FeatureShape}, layers in order (the last one dense
 * with {@code classes} outputs), and the loss.
 *
 * <p>Layers are written comma-separated, e.g. the default {@code 128:relu,10:softmax}, or
 * {@code 256:tanh:dropout=0.2,64:leaky_relu,10:softmax}, or the classic MNIST CNN
 * {@code conv:32:3x3:relu,maxpool:2x2,conv:64:3x3:relu,maxpool:2x2,128:relu,10:softmax}
 * ({@link LayerSpec} gives each form). Conv and maxpool layers come before the dense ones; the
 * flatten between them is implicit and keeps the CHW order (PyTorch's {@code Flatten} on NCHW).
 * Layers are numbered from 1 in messages and parameter names ({@code layer1.weight}); a maxpool
 * layer has a number but no parameters.
 */
public record NetworkSpec(FeatureShape input, int classes, List<LayerSpec> layers, LossKind loss) {
  /** The layers the CLI uses when none are given (784 inputs for MNIST). */
  public static final String DEFAULT_LAYERS = "128:relu,10:softmax";

  /**
   * @throws IllegalArgumentException with one line naming the layer: softmax before the last
   *     layer, a conv or maxpool after a dense layer, a last layer that is not dense with
   *     {@code classes} outputs, a kernel larger than its input, a pool that leaves nothing
   */
  public NetworkSpec {
    if (input == null) {
      throw new IllegalArgumentException("the input shape must not be null");
    }
    if (loss == null) {
      throw new IllegalArgumentException("loss must not be null");
    }
    if (layers == null) {
      throw new IllegalArgumentException("layers must not be null");
    }
    layers = List.copyOf(layers);
    if (classes < 2) { // a network's class count is always known: UNKNOWN_CLASSES is only for check
      throw new IllegalArgumentException("classes must be at least 2, found " + classes);
    }
    checkStructure(classes, layers, loss);
    if (!layers.get(0).spatial()) {
      input = FeatureShape.flat(input.size()); // a dense network sees a vector, whatever the data
    }
    outputShapes(input, layers); // the checks that need the input's shape
  }

  /** Number of input features: channels * rows * cols. */
  public int inputs() {
    return input.size();
  }

  /**
   * The size of the last layer of {@code layers} (10 for {@code 128:relu,10:softmax}), read
   * without parsing the rest, or 0 when it cannot be read (the full parse then says what is wrong).
   * Lets the options be checked before the data, and so the class count, is known.
   */
  public static int outputs(String layers) {
    if (layers == null) {
      return 0;
    }
    String[] parts = layers.split(",");
    String last = parts[parts.length - 1].trim();
    int colon = last.indexOf(':');
    try {
      return Integer.parseInt((colon < 0 ? last : last.substring(0, colon)).trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Checks a layer spec and loss as far as they can be checked without the data (everything but
   * the kernel and pool sizes against the image size, unless the spec declares its input).
   *
   * @throws IllegalArgumentException with one line, as {@link #parse(int, int, String, String)}
   */
  public static void check(int classes, String layers, String loss) {
    LayerSpecParser.Parsed parsed = LayerSpecParser.parse(layers);
    LossKind kind = LossKind.parse(loss);
    checkStructure(classes, parsed.layers(), kind);
    if (parsed.input() != null) {
      int known = classes == UNKNOWN_CLASSES ? parsed.layers().get(parsed.layers().size() - 1).size() : classes;
      new NetworkSpec(parsed.input(), known, parsed.layers(), kind);
    }
  }

  /**
   * The class count {@link #check} takes before the data, and so the class count, is known: the
   * layers are then checked without comparing their last size with a guess.
   */
  public static final int UNKNOWN_CLASSES = 0;

  /**
   * Parses a layer spec for images of the given shape; a spec that starts with
   * {@code input:RxCxCH} must declare that same shape.
   */
  public static NetworkSpec parse(FeatureShape input, int classes, String layers, String loss) {
    LayerSpecParser.Parsed parsed = LayerSpecParser.parse(layers);
    if (parsed.input() != null && !parsed.input().equals(input)) {
      throw new IllegalArgumentException("the layer spec declares input:" + parsed.input()
          + " but the images are " + input);
    }
    return new NetworkSpec(input, classes, parsed.layers(), LossKind.parse(loss));
  }

  /**
   * The canonical form of a layer spec {@code given} by a user, for comparing it with a stored
   * canonical spec {@code reference} (a checkpoint's): a spec without an {@code input:} token
   * takes the reference's, since training took it from the same data. A spec that does not
   * parse comes back unchanged, so the comparison fails and names it as typed.
   */
  public static String canonicalLayers(String given, String reference) {
    try {
      LayerSpecParser.Parsed parsed = LayerSpecParser.parse(given);
      FeatureShape input = parsed.input();
      if (input == null && reference != null) {
        input = LayerSpecParser.parse(reference).input();
      }
      StringBuilder sb = new StringBuilder();
      if (input != null && !parsed.layers().isEmpty() && parsed.layers().get(0).spatial()) {
        sb.append("input:").append(input);
      }
      for (LayerSpec layer : parsed.layers()) {
        sb.append(sb.length() > 0 ? "," : "").append(layer);
      }
      return sb.toString();
    } catch (IllegalArgumentException e) {
      return given;
    }
  }

  /** Each layer's output shape, from layer 1 to the last; index 0 is the input. */
  public List<FeatureShape> shapes() {
    return List.of(outputShapes(input, layers));
  }

  private static void checkStructure(int classes, List<LayerSpec> layers, LossKind loss) {
    if (classes != UNKNOWN_CLASSES && classes < 2) {
      throw new IllegalArgumentException("classes must be at least 2, found " + classes);
    }
    if (layers.isEmpty()) {
      throw new IllegalArgumentException(
          "the network needs at least one layer, found an empty layer spec (e.g. "
              + DEFAULT_LAYERS + ")");
    }
    int last = layers.size();
    for (int i = 1; i < last; i++) {
      if (layers.get(i - 1).activation() == Activation.SOFTMAX) {
        throw new IllegalArgumentException(
            "softmax is only allowed in the last layer, found in layer " + i + " of " + last);
      }
      if (layers.get(i).spatial() && !layers.get(i - 1).spatial()) {
        throw new IllegalArgumentException("layer " + (i + 1) + " (" + layers.get(i)
            + ") comes after a dense layer: conv and maxpool layers must all come before the"
            + " first dense layer");
      }
    }
    LayerSpec output = layers.get(last - 1);
    if (output.spatial()) {
      throw new IllegalArgumentException(classes == UNKNOWN_CLASSES
          ? "the last layer must be a dense layer with one output per class, found " + output + " in layer "
              + last + " (end with e.g. 10:softmax for ten classes)"
          : "the last layer must be a dense layer with " + classes + " outputs, found " + output + " in layer "
              + last + " (end with e.g. " + classes + ":softmax)");
    }
    if (classes != UNKNOWN_CLASSES && output.size() != classes) {
      throw new IllegalArgumentException(
          "last layer must have " + classes + " outputs for " + classes + " classes, found "
              + output.size());
    }
    if (output.dropout() > 0f) {
      throw new IllegalArgumentException(
          "dropout is not allowed on the last layer (layer " + last + "), found " + output.dropout());
    }
    if (loss == LossKind.CROSS_ENTROPY && output.activation() != Activation.SOFTMAX) {
      throw new IllegalArgumentException(
          "cross-entropy needs a softmax output layer, found " + output.activation().id()
              + " in layer " + last + " (end with " + output.size() + ":softmax, or use loss mse)");
    }
  }

  private static FeatureShape[] outputShapes(FeatureShape input, List<LayerSpec> layers) {
    FeatureShape[] shapes = new FeatureShape[layers.size() + 1];
    shapes[0] = input;
    for (int l = 0; l < layers.size(); l++) {
      LayerSpec layer = layers.get(l);
      FeatureShape in = shapes[l];
      try {
        shapes[l + 1] = switch (layer.kind()) {
          case DENSE -> FeatureShape.flat(layer.size());
          case CONV -> {
            var s = org.actorgrad.kernel.Conv2dShape.of(in.channels(), in.rows(), in.cols(),
                layer.size(), layer.kernelRows(), layer.kernelCols(), layer.strideRows(),
                layer.strideCols(), layer.samePadding());
            yield new FeatureShape(s.filters(), s.outRows(), s.outCols());
          }
          case MAXPOOL -> {
            var s = org.actorgrad.kernel.Pool2dShape.of(in.channels(), in.rows(), in.cols(),
                layer.kernelRows(), layer.kernelCols(), layer.strideRows(), layer.strideCols());
            yield new FeatureShape(s.channels(), s.outRows(), s.outCols());
          }
        };
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("layer " + (l + 1) + " (" + layer + "): "
            + e.getMessage() + (e instanceof TooLargeException large
                ? " (" + large.advice() + ")"
                : layer.kind() == LayerSpec.Kind.CONV && !layer.samePadding()
                ? " (use a smaller kernel, padding=same, or fewer pooling layers before it)"
                : " (use a smaller window, or fewer layers that shrink the image before it)"));
      }
    }
    return shapes;
  }

  /**
   * Parses a layer spec such as {@code 128:relu,10:softmax} for {@code inputs} features and a loss
   * name ({@link LossKind#parse}). A spec with conv or maxpool layers must start with
   * {@code input:RxCxCH} (its canonical form does) whose size is {@code inputs}.
   */
  public static NetworkSpec parse(int inputs, int classes, String layers, String loss) {
    if (inputs <= 0) {
      throw new IllegalArgumentException("inputs must be a positive integer, found " + inputs);
    }
    LayerSpecParser.Parsed parsed = LayerSpecParser.parse(layers);
    FeatureShape input = parsed.input();
    if (input == null) {
      for (LayerSpec layer : parsed.layers()) {
        if (layer.spatial()) {
          throw new IllegalArgumentException("a network with " + layer
              + " needs its input's shape: start the layers with input:ROWSxCOLSxCHANNELS"
              + " (training takes it from the data)");
        }
      }
      input = FeatureShape.flat(inputs);
    } else if (input.size() != inputs) {
      throw new IllegalArgumentException("the layer spec declares input:" + input + " ("
          + input.size() + " features) but " + inputs + " inputs were given");
    }
    return new NetworkSpec(input, classes, parsed.layers(), LossKind.parse(loss));
  }

  /**
   * Parses the canonical form written by {@link #toString()}, e.g.
   * {@code inputs=784 layers=128:relu,10:softmax loss=cross-entropy}; classes is the last layer's size.
   */
  public static NetworkSpec parse(String description) {
    String inputs = null;
    String layers = null;
    String loss = null;
    for (String part : description.trim().split("\\s+")) {
      int eq = part.indexOf('=');
      String key = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      switch (key) {
        case "inputs" -> inputs = value;
        case "layers" -> layers = value;
        case "loss" -> loss = value;
        default -> throw new IllegalArgumentException(
            "unknown network field '" + part + "' in '" + description
                + "' (expected inputs=N layers=SPEC loss=NAME)");
      }
    }
    if (inputs == null || layers == null || loss == null) {
      throw new IllegalArgumentException(
          "expected 'inputs=N layers=SPEC loss=NAME', found '" + description + "'");
    }
    List<LayerSpec> parsed = LayerSpecParser.parse(layers).layers();
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException("the network '" + description + "' has no layers after its input");
    }
    return parse(LayerSpecParser.parsePositive(inputs, "inputs", "the network description"),
        parsed.get(parsed.size() - 1).size(), layers, loss);
  }

  /**
   * Canonical layer spec, e.g. {@code 128:relu,10:softmax}; {@link #parse} gives back an equal
   * spec. A convolutional network's starts with its input shape, e.g. {@code input:28x28x1,conv:...}.
   */
  public String layersSpec() {
    StringBuilder sb = new StringBuilder();
    if (layers.get(0).spatial()) {
      sb.append("input:").append(input);
    }
    for (LayerSpec layer : layers) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(layer);
    }
    return sb.toString();
  }

  /**
   * Problems that do not stop training but make it pointless or surprising; the CLI logs them.
   * A step activation has zero derivative everywhere, so no gradient flows through it.
   */
  public List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i).activation().blocksGradient()) {
        boolean output = i == layers.size() - 1;
        warnings.add(
            "layer " + (i + 1) + " uses " + layers.get(i).activation().id()
                + ": its gradient is zero, so "
                + (output ? "no layer will learn" : "nothing below it will learn"));
      }
    }
    return List.copyOf(warnings);
  }

  /**
   * One short line for logs: {@code 784-128:relu,10:softmax}, or for a convolutional network its
   * layer spec, which starts with the input shape ({@code input:28x28x1,conv:...}).
   */
  public String summary() {
    return layers.get(0).spatial() ? layersSpec() : inputs() + "-" + layersSpec();
  }

  /** Canonical form {@code inputs=784 layers=128:relu,10:softmax loss=cross-entropy}. */
  @Override
  public String toString() {
    return "inputs=" + inputs() + " layers=" + layersSpec() + " loss=" + loss.id();
  }
}
