package org.actorgrad.model;

import org.actorgrad.kernel.Activation;

/**
 * One layer of a {@link NetworkSpec}:
 * <ul>
 *   <li>{@link Kind#DENSE}: {@code size} outputs (PyTorch's {@code Linear}), written
 *       {@code size:activation[:dropout=p]};
 *   <li>{@link Kind#CONV}: {@code size} filters of (kernelRows, kernelCols) moved by (strideRows,
 *       strideCols), valid or same padding (PyTorch's {@code Conv2d}), written
 *       {@code conv:filters:KHxKW:activation[:stride=S][:padding=same][:dropout=p]};
 *   <li>{@link Kind#MAXPOOL}: a (kernelRows, kernelCols) window, stride defaulting to the window
 *       (PyTorch's {@code MaxPool2d}), written {@code maxpool:KHxKW[:stride=S]}; it has no size,
 *       activation or dropout (size 0, {@link Activation#LINEAR}, 0).
 * </ul>
 * Dropout is applied elementwise to the layer's outputs while training (0 for none).
 */
public record LayerSpec(Kind kind, int size, int kernelRows, int kernelCols, int strideRows,
    int strideCols, boolean samePadding, Activation activation, float dropout) {
  /** What the layer computes. */
  public enum Kind { DENSE, CONV, MAXPOOL }

  public LayerSpec {
    if (kind == null || activation == null) {
      throw new IllegalArgumentException("layer kind and activation must not be null");
    }
    if (kind != Kind.MAXPOOL && size <= 0) {
      throw new IllegalArgumentException("layer size must be a positive integer, found " + size);
    }
    if (kind == Kind.DENSE
        ? kernelRows != 0 || kernelCols != 0 || strideRows != 0 || strideCols != 0 || samePadding
        : kernelRows < 1 || kernelCols < 1 || strideRows < 1 || strideCols < 1) {
      throw new IllegalArgumentException("inconsistent " + kind + " layer: kernel " + kernelRows
          + "x" + kernelCols + ", stride " + strideRows + "x" + strideCols);
    }
    if (kind == Kind.MAXPOOL && (size != 0 || samePadding || activation != Activation.LINEAR
        || dropout != 0f)) {
      throw new IllegalArgumentException("a maxpool layer has no size, padding, activation or dropout");
    }
    if (!(dropout >= 0f && dropout < 1f)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), found " + dropout);
    }
  }

  /** A dense layer. */
  public LayerSpec(int size, Activation activation, float dropout) {
    this(Kind.DENSE, size, 0, 0, 0, 0, false, activation, dropout);
  }

  public static LayerSpec conv(int filters, int kernelRows, int kernelCols, int strideRows,
      int strideCols, boolean samePadding, Activation activation, float dropout) {
    return new LayerSpec(Kind.CONV, filters, kernelRows, kernelCols, strideRows, strideCols,
        samePadding, activation, dropout);
  }

  public static LayerSpec maxPool(int kernelRows, int kernelCols, int strideRows, int strideCols) {
    return new LayerSpec(Kind.MAXPOOL, 0, kernelRows, kernelCols, strideRows, strideCols, false,
        Activation.LINEAR, 0f);
  }

  /** True for the layers that take an image, not a vector: conv and maxpool. */
  public boolean spatial() {
    return kind != Kind.DENSE;
  }

  /** True for the layers with a weight and a bias: dense and conv. */
  public boolean hasParameters() {
    return kind != Kind.MAXPOOL;
  }

  /** Canonical form, accepted back by {@link NetworkSpec#parse}: the shortest that says it all. */
  @Override
  public String toString() {
    String drop = dropout > 0f ? ":dropout=" + dropout : "";
    String kernel = kernelRows + "x" + kernelCols;
    String stride = strideRows == strideCols ? Integer.toString(strideRows) : strideRows + "x" + strideCols;
    return switch (kind) {
      case DENSE -> size + ":" + activation.id() + drop;
      case CONV -> "conv:" + size + ":" + kernel + ":" + activation.id()
          + (strideRows == 1 && strideCols == 1 ? "" : ":stride=" + stride)
          + (samePadding ? ":padding=same" : "") + drop;
      case MAXPOOL -> "maxpool:" + kernel
          + (strideRows == kernelRows && strideCols == kernelCols ? "" : ":stride=" + stride);
    };
  }
}
