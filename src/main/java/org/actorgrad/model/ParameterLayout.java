package org.actorgrad.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each tensor lives in the ONE flat parameter vector (as llm.c allocates all parameters in one
 * block): for each layer i with parameters, numbered from 1, {@code layer{i}.weight} row-major,
 * then {@code layer{i}.bias} of shape (out). A dense weight is (out, in), in being the flattened
 * CHW output of the layer below; a conv weight is (filters, channels, kernelRows, kernelCols), the
 * OIHW layout of PyTorch's {@code Conv2d.weight}. A maxpool layer keeps its number but has no
 * tensors (so the MNIST CNN has layer1, layer3, layer5 and layer6). Gradients and optimiser state use the same layout, so
 * summing gradients of workers or updating parameters is a loop over one array.
 */
public final class ParameterLayout {
  /** One named tensor: {@code length} floats from {@code offset}; shape (out, in), (OC, C, KH, KW) or (out). */
  public record Tensor(String name, int offset, List<Integer> shape) {
    public Tensor {
      shape = List.copyOf(shape);
    }

    public int length() {
      int n = 1;
      for (int d : shape) {
        n *= d;
      }
      return n;
    }
  }

  private final int[] weightOffsets; // (L), -1 for a maxpool layer
  private final int[] biasOffsets; // (L), -1 for a maxpool layer
  private final Map<String, Tensor> tensors; // insertion-ordered: layer1.weight, layer1.bias, ...
  private final int totalCount;

  public ParameterLayout(NetworkSpec spec) {
    int layerCount = spec.layers().size();
    weightOffsets = new int[layerCount];
    biasOffsets = new int[layerCount];
    Map<String, Tensor> byName = new LinkedHashMap<>();
    long offset = 0;
    List<FeatureShape> shapes = spec.shapes();
    for (int l = 0; l < layerCount; l++) {
      LayerSpec layer = spec.layers().get(l);
      if (!layer.hasParameters()) {
        weightOffsets[l] = -1;
        biasOffsets[l] = -1;
        continue;
      }
      int out = layer.size();
      FeatureShape in = shapes.get(l);
      List<Integer> weightShape = layer.kind() == LayerSpec.Kind.CONV
          ? List.of(out, in.channels(), layer.kernelRows(), layer.kernelCols())
          : List.of(out, in.size());
      long weights = (long) out * (layer.kind() == LayerSpec.Kind.CONV
          ? (long) in.channels() * layer.kernelRows() * layer.kernelCols() : in.size());
      weightOffsets[l] = (int) offset;
      byName.put(weightName(l + 1), new Tensor(weightName(l + 1), (int) offset, weightShape));
      offset += weights;
      biasOffsets[l] = (int) offset;
      byName.put(biasName(l + 1), new Tensor(biasName(l + 1), (int) offset, List.of(out)));
      offset += out;
      // One Java array holds everything; say so clearly instead of overflowing an int offset.
      if (offset > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "the network has more than " + (Integer.MAX_VALUE - 8)
                + " parameters, which do not fit in one float[]; found at least " + offset);
      }
    }
    tensors = Collections.unmodifiableMap(byName);
    totalCount = (int) offset;
  }

  public static String weightName(int layerNumber) {
    return "layer" + layerNumber + ".weight";
  }

  public static String biasName(int layerNumber) {
    return "layer" + layerNumber + ".bias";
  }

  /** Number of floats in the parameter (and gradient) vector. */
  public int totalCount() {
    return totalCount;
  }

  public int layerCount() {
    return weightOffsets.length;
  }

  /**
   * Offset of the weights of the layer at 0-based {@code layerIndex} (named layer{index+1}), -1
   * for a maxpool layer.
   */
  public int weightOffset(int layerIndex) {
    return weightOffsets[layerIndex];
  }

  /** Offset of the (out) bias of the layer at 0-based {@code layerIndex}, -1 for a maxpool layer. */
  public int biasOffset(int layerIndex) {
    return biasOffsets[layerIndex];
  }

  /** The tensor called {@code name}, e.g. {@code layer2.bias}. */
  public Tensor tensor(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          "no parameter tensor named '" + name + "' (expected one of " + tensors.keySet() + ")");
    }
    return t;
  }

  public int offset(String name) {
    return tensor(name).offset();
  }

  /** All tensors in layout order (layer1.weight, layer1.bias, layer2.weight, ...). */
  public List<Tensor> tensors() {
    return List.copyOf(new ArrayList<>(tensors.values()));
  }
}
