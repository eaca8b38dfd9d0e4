package org.actorgrad.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.actorgrad.kernel.Activation;

/**
 * The shape of a fully connected network: {@code inputs} features, dense layers in order (the last
 * one has {@code classes} outputs), and the loss.
 *
 * <p>Layers are written {@code size:activation[:dropout=p]} separated by commas, e.g. the default
 * {@code 128:relu,10:softmax} or {@code 256:tanh:dropout=0.2,64:leaky_relu,10:softmax}. Layers are
 * numbered from 1 in messages and parameter names ({@code layer1.weight}).
 */
public record NetworkSpec(int inputs, int classes, List<LayerSpec> layers, LossKind loss) {
  /** The layers the CLI uses when none are given (784 inputs for MNIST). */
  public static final String DEFAULT_LAYERS = "128:relu,10:softmax";

  public NetworkSpec {
    if (inputs <= 0) {
      throw new IllegalArgumentException("inputs must be a positive integer, found " + inputs);
    }
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be at least 2, found " + classes);
    }
    if (loss == null) {
      throw new IllegalArgumentException("loss must not be null");
    }
    if (layers == null || layers.isEmpty()) {
      throw new IllegalArgumentException(
          "the network needs at least one layer, found an empty layer spec (e.g. "
              + DEFAULT_LAYERS + ")");
    }
    layers = List.copyOf(layers);
    int last = layers.size();
    for (int i = 1; i < last; i++) {
      if (layers.get(i - 1).activation() == Activation.SOFTMAX) {
        throw new IllegalArgumentException(
            "softmax is only allowed in the last layer, found in layer " + i + " of " + last);
      }
    }
    LayerSpec output = layers.get(last - 1);
    if (output.size() != classes) {
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
              + " in layer " + last + " (end with " + classes + ":softmax, or use loss mse)");
    }
  }

  /** Parses a layer spec such as {@code 128:relu,10:softmax} and a loss name ({@link LossKind#parse}). */
  public static NetworkSpec parse(int inputs, int classes, String layers, String loss) {
    return new NetworkSpec(inputs, classes, parseLayers(layers), LossKind.parse(loss));
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
    List<LayerSpec> parsed = parseLayers(layers);
    return new NetworkSpec(
        parsePositive(inputs, "inputs", "the network description"),
        parsed.get(parsed.size() - 1).size(),
        parsed,
        LossKind.parse(loss));
  }

  /** Canonical layer spec, e.g. {@code 128:relu,10:softmax}; {@link #parse} gives back an equal spec. */
  public String layersSpec() {
    StringBuilder sb = new StringBuilder();
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

  /** Canonical form {@code inputs=784 layers=128:relu,10:softmax loss=cross-entropy}. */
  @Override
  public String toString() {
    return "inputs=" + inputs + " layers=" + layersSpec() + " loss=" + loss.id();
  }

  private static List<LayerSpec> parseLayers(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException(
          "the layer spec is empty (expected e.g. " + DEFAULT_LAYERS + ")");
    }
    String[] tokens = spec.split(",", -1);
    List<LayerSpec> layers = new ArrayList<>(tokens.length);
    for (int i = 0; i < tokens.length; i++) {
      layers.add(parseLayer(tokens[i].trim(), i + 1));
    }
    return layers;
  }

  private static LayerSpec parseLayer(String token, int number) {
    String where = "layer " + number;
    if (token.isEmpty()) {
      throw new IllegalArgumentException(
          "empty layer in " + where + " (expected size:activation, e.g. 128:relu)");
    }
    String[] parts = token.split(":", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "expected size:activation[:dropout=p] in " + where + ", found '" + token + "'");
    }
    int size = parsePositive(parts[0].trim(), "layer size", where);
    Activation activation = parseActivation(parts[1].trim(), where);
    float dropout = 0f;
    if (parts.length == 3) {
      String option = parts[2].trim();
      if (!option.startsWith("dropout=")) {
        throw new IllegalArgumentException(
            "unknown layer option '" + option + "' in " + where + " (expected dropout=p)");
      }
      String value = option.substring("dropout=".length());
      try {
        dropout = Float.parseFloat(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "dropout must be a number in [0, 1), found '" + value + "' in " + where);
      }
      if (!(dropout >= 0f && dropout < 1f)) {
        throw new IllegalArgumentException(
            "dropout must be in [0, 1), found " + value + " in " + where);
      }
    }
    return new LayerSpec(size, activation, dropout);
  }

  private static Activation parseActivation(String name, String where) {
    try {
      return Activation.parse(name.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      StringBuilder expected = new StringBuilder();
      for (Activation a : Activation.values()) {
        expected.append(expected.length() == 0 ? "" : ", ").append(a.id());
      }
      throw new IllegalArgumentException(
          "unknown activation '" + name + "' in " + where + " (expected one of " + expected + ")");
    }
  }

  private static int parsePositive(String text, String what, String where) {
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value <= 0) {
      throw new IllegalArgumentException(
          what + " must be a positive integer, found '" + text + "' in " + where);
    }
    return value;
  }
}
