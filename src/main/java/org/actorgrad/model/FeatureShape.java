package org.actorgrad.model;

import org.actorgrad.kernel.TooLargeException;

/**
 * The shape of one sample's activations, (channels, rows, cols), stored CHW: channel-major, then
 * rows, then columns, as PyTorch's NCHW without the batch. Images come in as (1, rows, cols); a
 * dense layer's output is (size, 1, 1). Written {@code ROWSxCOLSxCHANNELS}, e.g. {@code 28x28x1}.
 */
public record FeatureShape(int channels, int rows, int cols) {
  public FeatureShape {
    if (channels < 1 || rows < 1 || cols < 1) {
      throw new IllegalArgumentException(
          "expected a positive shape, found " + rows + "x" + cols + "x" + channels);
    }
    if ((long) channels * rows * cols > Integer.MAX_VALUE - 8) {
      throw new TooLargeException(
          "a sample of " + rows + "x" + cols + "x" + channels + " does not fit in one float[]",
          "use fewer filters or units");
    }
  }

  /** A flat vector of {@code size} features (a dense layer's output, or data of unknown shape). */
  public static FeatureShape flat(int size) {
    return new FeatureShape(size, 1, 1);
  }

  /** channels * rows * cols. */
  public int size() {
    return channels * rows * cols;
  }

  /** {@code ROWSxCOLSxCHANNELS}, as the {@code input:} layer token writes it. */
  @Override
  public String toString() {
    return rows + "x" + cols + "x" + channels;
  }
}
