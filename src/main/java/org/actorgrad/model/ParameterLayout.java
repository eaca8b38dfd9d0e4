package org.actorgrad.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each tensor lives in the ONE flat parameter vector (as llm.c allocates all parameters in one
 * block): for each layer i, numbered from 1, {@code layer{i}.weight} of shape (out, in) row-major,
 * then {@code layer{i}.bias} of shape (out). Gradients and optimiser state use the same layout, so
 * summing gradients of workers or updating parameters is a loop over one array.
 */
public final class ParameterLayout {
  /** One named tensor: {@code length} floats from {@code offset}; shape is (out, in) or (out). */
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

  private final int[] weightOffsets; // (L)
  private final int[] biasOffsets; // (L)
  private final Map<String, Tensor> tensors; // insertion-ordered: layer1.weight, layer1.bias, ...
  private final int totalCount;

  public ParameterLayout(NetworkSpec spec) {
    int layerCount = spec.layers().size();
    weightOffsets = new int[layerCount];
    biasOffsets = new int[layerCount];
    Map<String, Tensor> byName = new LinkedHashMap<>();
    long offset = 0;
    int in = spec.inputs();
    for (int l = 0; l < layerCount; l++) {
      int out = spec.layers().get(l).size();
      weightOffsets[l] = (int) offset;
      byName.put(weightName(l + 1), new Tensor(weightName(l + 1), (int) offset, List.of(out, in)));
      offset += (long) out * in;
      biasOffsets[l] = (int) offset;
      byName.put(biasName(l + 1), new Tensor(biasName(l + 1), (int) offset, List.of(out)));
      offset += out;
      // One Java array holds everything; say so clearly instead of overflowing an int offset.
      if (offset > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "the network has more than " + (Integer.MAX_VALUE - 8)
                + " parameters, which do not fit in one float[]; found at least " + offset);
      }
      in = out;
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

  /** Offset of the (out, in) weights of the layer at 0-based {@code layerIndex} (named layer{index+1}). */
  public int weightOffset(int layerIndex) {
    return weightOffsets[layerIndex];
  }

  /** Offset of the (out) bias of the layer at 0-based {@code layerIndex}. */
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
