package org.actorgrad.kernel;

/**
 * The geometry of one 2-D max pooling over one sample: input (channels, rows, cols), a (kernelRows,
 * kernelCols) window moved by (strideRows, strideCols), no padding, output (channels, outRows,
 * outCols) with {@code out = (in - kernel) / stride + 1} (PyTorch's {@code MaxPool2d} with
 * {@code ceil_mode=False}: a partial window at the edge is dropped).
 */
public record Pool2dShape(int channels, int rows, int cols, int kernelRows, int kernelCols,
    int strideRows, int strideCols, int outRows, int outCols) {
  public Pool2dShape {
    if (channels < 1 || rows < 1 || cols < 1 || kernelRows < 1 || kernelCols < 1
        || strideRows < 1 || strideCols < 1 || outRows < 1 || outCols < 1
        || (outRows - 1) * strideRows + kernelRows > rows
        || (outCols - 1) * strideCols + kernelCols > cols) {
      throw new IllegalArgumentException("inconsistent max-pool geometry: " + channels + "x" + rows
          + "x" + cols + " window " + kernelRows + "x" + kernelCols + " stride " + strideRows + "x"
          + strideCols + " -> " + outRows + "x" + outCols);
    }
    if ((long) channels * rows * cols > Integer.MAX_VALUE - 8) {
      throw new TooLargeException("max-pool input too large for one float[] per sample: "
          + channels + "x" + rows + "x" + cols, "use fewer filters or a smaller image before it");
    }
  }

  /**
   * The geometry for an input of (channels, rows, cols).
   *
   * @throws IllegalArgumentException when the window is larger than the input (it would leave nothing)
   */
  public static Pool2dShape of(int channels, int rows, int cols, int kernelRows, int kernelCols,
      int strideRows, int strideCols) {
    if (kernelRows > rows || kernelCols > cols) {
      throw new IllegalArgumentException("a " + kernelRows + "x" + kernelCols
          + " pool leaves nothing of its " + rows + "x" + cols + " input");
    }
    return new Pool2dShape(channels, rows, cols, kernelRows, kernelCols, strideRows, strideCols,
        (rows - kernelRows) / strideRows + 1, (cols - kernelCols) / strideCols + 1);
  }

  /** channels * rows * cols: floats of one input sample. */
  public int inputSize() {
    return channels * rows * cols;
  }

  /** channels * outRows * outCols: floats of one output sample. */
  public int outputSize() {
    return channels * outRows * outCols;
  }
}
