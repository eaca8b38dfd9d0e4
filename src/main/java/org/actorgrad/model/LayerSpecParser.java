package org.actorgrad.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.actorgrad.kernel.Activation;

/**
 * Reads a layer spec such as {@code conv:32:3x3:relu,maxpool:2x2,128:relu,10:softmax} into
 * {@link LayerSpec}s, with one clear message per mistake naming the layer (numbered from 1). An
 * optional first token {@code input:ROWSxCOLSxCHANNELS} declares the input's shape: the canonical
 * form of a convolutional network carries it, so a checkpoint or a worker's setup says it all.
 */
final class LayerSpecParser {
  private LayerSpecParser() {}

  /** The parsed layers and the declared input shape (null when the spec has no input token). */
  record Parsed(FeatureShape input, List<LayerSpec> layers) {}

  static Parsed parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException(
          "the layer spec is empty (expected e.g. " + NetworkSpec.DEFAULT_LAYERS + ")");
    }
    String[] tokens = spec.split(",", -1);
    FeatureShape input = null;
    int first = 0;
    if (tokens[0].trim().toLowerCase(Locale.ROOT).startsWith("input:")) { // kinds are read in any case
      input = parseShape(tokens[0].trim().substring("input:".length()).trim());
      first = 1;
    }
    List<LayerSpec> layers = new ArrayList<>(tokens.length);
    for (int i = first; i < tokens.length; i++) {
      layers.add(parseLayer(tokens[i].trim(), i - first + 1));
    }
    return new Parsed(input, layers);
  }

  private static FeatureShape parseShape(String text) {
    String[] dims = text.split("[xX]", -1); // 3X3 as 3x3: kinds and activations are read in any case too
    if (dims.length != 3) {
      throw new IllegalArgumentException(
          "expected input:ROWSxCOLSxCHANNELS (e.g. input:28x28x1), found 'input:" + text + "'");
    }
    String where = "the input shape";
    return new FeatureShape(parsePositive(dims[2], "channels", where),
        parsePositive(dims[0], "rows", where), parsePositive(dims[1], "columns", where));
  }

  private static LayerSpec parseLayer(String token, int number) {
    String where = "layer " + number;
    if (token.isEmpty()) {
      throw new IllegalArgumentException(
          "empty layer in " + where + " (expected size:activation, e.g. 128:relu)");
    }
    String[] parts = token.split(":", -1);
    String head = parts[0].trim().toLowerCase(Locale.ROOT);
    if (head.equals("conv")) {
      return parseConv(token, parts, where);
    }
    if (head.equals("maxpool")) {
      return parseMaxPool(token, parts, where);
    }
    if (head.equals("input")) {
      throw new IllegalArgumentException("input:ROWSxCOLSxCHANNELS may only be the first token, found it in " + where);
    }
    if (!head.isEmpty() && Character.isLetter(head.charAt(0))) {
      // A word where a size goes is a layer kind misspelt ("maxpol") far more often than a size.
      throw new IllegalArgumentException("unknown layer kind '" + parts[0].trim() + "' in " + where
          + " (expected a size for a dense layer, conv or maxpool)");
    }
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "expected size:activation[:dropout=p] in " + where + ", found '" + token + "'");
    }
    int size = parsePositive(parts[0].trim(), "layer size", where);
    Activation activation = parseActivation(parts[1].trim(), where);
    float dropout = 0f;
    if (parts.length == 3) {
      String typed = parts[2].trim();
      if (!typed.toLowerCase(Locale.ROOT).startsWith("dropout=")) {
        throw new IllegalArgumentException(
            "unknown layer option '" + typed + "' in " + where + " (expected dropout=p)");
      }
      dropout = parseDropout(typed.substring("dropout=".length()), where);
    }
    return new LayerSpec(size, activation, dropout);
  }

  private static LayerSpec parseConv(String token, String[] parts, String where) {
    if (parts.length < 4) {
      throw new IllegalArgumentException("expected conv:filters:KHxKW:activation[:stride=S]"
          + "[:padding=same][:dropout=p] in " + where + ", found '" + token + "'");
    }
    int filters = parsePositive(parts[1].trim(), "conv filters", where);
    int[] kernel = parsePair(parts[2].trim(), "kernel size", where);
    Activation activation = parseActivation(parts[3].trim(), where);
    if (activation == Activation.SOFTMAX) {
      throw new IllegalArgumentException("softmax is only allowed in the last (dense) layer, found in " + where);
    }
    int[] stride = {1, 1};
    boolean same = false;
    float dropout = 0f;
    Set<String> given = new HashSet<>(); // an option typed twice is a typo, not "the last wins"
    for (int k = 4; k < parts.length; k++) {
      String typed = parts[k].trim();
      String option = typed.toLowerCase(Locale.ROOT); // as layer kinds and activations are read
      String name;
      if (option.startsWith("stride=")) {
        name = "stride";
        stride = parsePair(typed.substring("stride=".length()), "stride", where);
      } else if (option.equals("padding=same") || option.equals("padding=valid")) {
        name = "padding";
        same = option.equals("padding=same");
      } else if (option.startsWith("dropout=")) {
        name = "dropout";
        dropout = parseDropout(typed.substring("dropout=".length()), where);
      } else {
        throw new IllegalArgumentException("unknown conv option '" + typed + "' in " + where
            + " (expected stride=S, padding=same|valid or dropout=p)");
      }
      if (!given.add(name)) {
        throw new IllegalArgumentException("conv option '" + name + "' given twice in " + where);
      }
    }
    return LayerSpec.conv(filters, kernel[0], kernel[1], stride[0], stride[1], same, activation, dropout);
  }

  private static LayerSpec parseMaxPool(String token, String[] parts, String where) {
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "expected maxpool:KHxKW[:stride=S] in " + where + ", found '" + token + "'");
    }
    int[] kernel = parsePair(parts[1].trim(), "pool size", where);
    int[] stride = kernel;
    if (parts.length == 3) {
      String typed = parts[2].trim();
      if (!typed.toLowerCase(Locale.ROOT).startsWith("stride=")) {
        throw new IllegalArgumentException(
            "unknown maxpool option '" + typed + "' in " + where + " (expected stride=S)");
      }
      stride = parsePair(typed.substring("stride=".length()), "stride", where);
    }
    return LayerSpec.maxPool(kernel[0], kernel[1], stride[0], stride[1]);
  }

  /** {@code 3x2} as (3, 2); {@code 3} as (3, 3). */
  private static int[] parsePair(String text, String what, String where) {
    String[] dims = text.split("[xX]", -1); // 3X3 as 3x3: kinds and activations are read in any case too
    if (dims.length > 2) {
      throw new IllegalArgumentException(
          what + " must be N or RxC (e.g. 3x3), found '" + text + "' in " + where);
    }
    int rows = parsePositive(dims[0].trim(), what, where);
    return new int[] {rows, dims.length == 2 ? parsePositive(dims[1].trim(), what, where) : rows};
  }

  private static float parseDropout(String value, String where) {
    float dropout;
    try {
      dropout = Float.parseFloat(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "dropout must be a number in [0, 1), found '" + value + "' in " + where);
    }
    if (!(dropout >= 0f && dropout < 1f)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), found " + value + " in " + where);
    }
    return dropout;
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

  static int parsePositive(String text, String what, String where) {
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
