package org.actorgrad.kernel;

/**
 * The geometry of one 2-D convolution over one sample, fixed when the network is built: input
 * (channels, rows, cols), {@code filters} outputs channels of (outRows, outCols), a (kernelRows,
 * kernelCols) window moved by (strideRows, strideCols) over the input padded with padTop rows and
 * padLeft columns of zeros before it (and as many after as the output needs). The ints travel as
 * one record because every conv function needs all twelve of them; the arrays stay flat.
 *
 * <p>Output sizes follow PyTorch's {@code Conv2d}: valid padding gives
 * {@code out = (in - kernel) / stride + 1}; same padding gives {@code out = ceil(in / stride)} with
 * {@code pad = max((out - 1) * stride + kernel - in, 0)} split as {@code pad / 2} before and the
 * rest after (PyTorch's {@code padding='same'} for stride 1, TensorFlow's rule for larger strides).
 */
public record Conv2dShape(int channels, int rows, int cols, int filters, int kernelRows,
    int kernelCols, int strideRows, int strideCols, int padTop, int padLeft, int outRows,
    int outCols) {
  public Conv2dShape {
    if (channels < 1 || rows < 1 || cols < 1 || filters < 1 || kernelRows < 1 || kernelCols < 1
        || strideRows < 1 || strideCols < 1 || padTop < 0 || padLeft < 0 || outRows < 1
        || outCols < 1) {
      throw new IllegalArgumentException("expected positive conv dimensions and paddings >= 0, found "
          + channels + "x" + rows + "x" + cols + " -> " + filters + "x" + outRows + "x" + outCols
          + " kernel " + kernelRows + "x" + kernelCols + " stride " + strideRows + "x" + strideCols
          + " pad " + padTop + "," + padLeft);
    }
    long patch = (long) channels * kernelRows * kernelCols;
    long positions = (long) outRows * outCols;
    String sizes = channels + "x" + rows + "x" + cols + " -> " + filters + "x" + outRows + "x" + outCols;
    if ((long) filters * positions > Integer.MAX_VALUE - 8) {
      throw new TooLargeException("conv layer too large for one float[] per sample: " + sizes,
          "use fewer filters, or a stride");
    }
    if (patch * positions > Integer.MAX_VALUE - 8 || (long) channels * rows * cols > Integer.MAX_VALUE - 8) {
      // the patches of one sample (C*KH*KW by OH*OW): the filters play no part
      throw new TooLargeException("conv layer's patches too large for one float[] per sample: " + sizes
          + " with a " + kernelRows + "x" + kernelCols + " kernel", "use a smaller kernel, a stride, or fewer channels before it");
    }
  }

  /**
   * The geometry for an input of (channels, rows, cols) under PyTorch's rules (class javadoc).
   *
   * @throws IllegalArgumentException when a valid-padded kernel is larger than the input
   */
  public static Conv2dShape of(int channels, int rows, int cols, int filters, int kernelRows,
      int kernelCols, int strideRows, int strideCols, boolean samePadding) {
    if (!samePadding && (kernelRows > rows || kernelCols > cols)) {
      throw new IllegalArgumentException("a " + kernelRows + "x" + kernelCols
          + " kernel is larger than its " + rows + "x" + cols + " input");
    }
    int outRows = samePadding ? ceilDiv(rows, strideRows) : (rows - kernelRows) / strideRows + 1;
    int outCols = samePadding ? ceilDiv(cols, strideCols) : (cols - kernelCols) / strideCols + 1;
    int padRows = samePadding ? Math.max((outRows - 1) * strideRows + kernelRows - rows, 0) : 0;
    int padCols = samePadding ? Math.max((outCols - 1) * strideCols + kernelCols - cols, 0) : 0;
    return new Conv2dShape(channels, rows, cols, filters, kernelRows, kernelCols, strideRows,
        strideCols, padRows / 2, padCols / 2, outRows, outCols);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /** channels * rows * cols: floats of one input sample. */
  public int inputSize() {
    return channels * rows * cols;
  }

  /** filters * outRows * outCols: floats of one output sample. */
  public int outputSize() {
    return filters * outRows * outCols;
  }

  /** channels * kernelRows * kernelCols: one im2col row, and the fan-in of each filter. */
  public int patchSize() {
    return channels * kernelRows * kernelCols;
  }

  /** outRows * outCols: the im2col rows of one sample. */
  public int positions() {
    return outRows * outCols;
  }

  /** filters * patchSize: the weight's (OC, C, KH, KW) floats. */
  public int weightSize() {
    return filters * patchSize();
  }
}
