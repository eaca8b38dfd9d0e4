package org.actorgrad.kernel;

import java.util.Arrays;

/**
 * Max pooling (PyTorch's {@code MaxPool2d}, no padding, no dilation) over (n, C, H, W) samples,
 * CHW per sample as in {@link Conv2d}. Ties go to the first element of the window in row-major
 * order (a later element must be strictly larger to win), so forward and backward are a fixed
 * function of the input. A NaN never wins against a number; a window of only NaN keeps its first.
 */
public final class MaxPool2d {
  private MaxPool2d() {}

  /**
   * y (n, C, OH, OW) = the window maxima of x (n, C, H, W); argmax (n, C, OH, OW) receives each
   * winner's index within its sample's input (c*H*W + h*W + w), for {@link #backward}.
   */
  public static void forward(float[] y, int[] argmax, float[] x, Pool2dShape s, int n) {
    forward(y, argmax, 0, x, 0, s, n);
  }

  /**
   * {@link #forward(float[], int[], float[], Pool2dShape, int)} on the n samples that start at
   * x[xOff] (inputs) and y[yOff], argmax[yOff] (outputs): a conv layer pools each sample as soon
   * as it is computed ({@link Conv2d#forwardThroughPool}). Elements outside those ranges are
   * neither written nor, past x's end, read.
   *
   * @throws IllegalArgumentException if an array is too small for its n samples from its offset
   */
  public static void forward(float[] y, int[] argmax, int yOff, float[] x, int xOff, Pool2dShape s,
      int n) {
    check(y, argmax, yOff, x, xOff, s, n, "x", "y");
    if (Dense.vector()) {
      MaxPool2dVector.forward(y, argmax, yOff, x, xOff, s, n);
      return;
    }
    int plane = s.rows() * s.cols();
    int o = yOff;
    for (int i = 0; i < n; i++) {
      int sample = xOff + i * s.inputSize();
      for (int c = 0; c < s.channels(); c++) {
        int base = c * plane;
        for (int oh = 0; oh < s.outRows(); oh++) {
          int top = base + oh * s.strideRows() * s.cols();
          for (int ow = 0; ow < s.outCols(); ow++, o++) {
            int first = top + ow * s.strideCols();
            int best = first;
            float max = x[sample + first];
            for (int kh = 0; kh < s.kernelRows(); kh++) {
              int line = first + kh * s.cols();
              for (int kw = 0; kw < s.kernelCols(); kw++) {
                float v = x[sample + line + kw];
                // v wins if larger, or if a number where max is NaN: !(v <= max) && v == v. Written
                // without short circuits so the JIT can select (cmov) instead of branching on data:
                // the branch was mispredicted on about every other window.
                boolean wins = !(v <= max) & v == v;
                max = wins ? v : max;
                best = wins ? line + kw : best;
              }
            }
            y[o] = max;
            argmax[o] = best;
          }
        }
      }
    }
  }

  /**
   * Overwrites dx (n, C, H, W) with dy (n, C, OH, OW) routed to each window's winner; a pixel
   * that wins overlapping windows gets their sum, added in output order.
   */
  public static void backward(float[] dx, float[] dy, int[] argmax, Pool2dShape s, int n) {
    check(dy, argmax, 0, dx, 0, s, n, "dx", "dy");
    Arrays.fill(dx, 0, n * s.inputSize(), 0f);
    int perSample = s.outputSize();
    for (int i = 0; i < n; i++) {
      int sample = i * s.inputSize();
      int from = i * perSample;
      for (int o = from; o < from + perSample; o++) {
        dx[sample + argmax[o]] += dy[o];
      }
    }
  }

  private static void check(float[] out, int[] argmax, int outOff, float[] in, int inOff, Pool2dShape s,
      int n, String inName, String outName) {
    if (s == null || n < 1 || outOff < 0 || inOff < 0) {
      throw new IllegalArgumentException("expected a pool shape, n >= 1 and offsets >= 0, found " + s
          + ", n=" + n + ", offsets " + outOff + " and " + inOff);
    }
    DenseShapes.checkLength(inName, in, inOff + (long) n * s.inputSize(),
        inOff == 0 ? "n*C*H*W" : "its offset + n*C*H*W");
    DenseShapes.checkLength(outName, out, outOff + (long) n * s.outputSize(),
        outOff == 0 ? "n*C*OH*OW" : "its offset + n*C*OH*OW");
    if (argmax == null || argmax.length < outOff + (long) n * s.outputSize()) {
      throw new IllegalArgumentException("expected argmax to hold at least " + (outOff == 0 ? "" : "its offset + ")
          + "n*C*OH*OW = " + (outOff + (long) n * s.outputSize()) + " ints, found "
          + (argmax == null ? "null" : argmax.length));
    }
  }
}
