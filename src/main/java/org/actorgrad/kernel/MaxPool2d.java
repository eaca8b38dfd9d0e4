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
    check(y, argmax, x, s, n, "x", "y");
    if (Dense.vector()) {
      MaxPool2dVector.forward(y, argmax, x, s, n);
      return;
    }
    int plane = s.rows() * s.cols();
    int o = 0;
    for (int i = 0; i < n; i++) {
      int sample = i * s.inputSize();
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
    check(dy, argmax, dx, s, n, "dx", "dy");
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

  private static void check(float[] out, int[] argmax, float[] in, Pool2dShape s, int n,
      String inName, String outName) {
    if (s == null || n < 1) {
      throw new IllegalArgumentException("expected a pool shape and n >= 1, found " + s + ", n=" + n);
    }
    DenseShapes.checkLength(inName, in, (long) n * s.inputSize(), "n*C*H*W");
    DenseShapes.checkLength(outName, out, (long) n * s.outputSize(), "n*C*OH*OW");
    if (argmax == null || argmax.length < (long) n * s.outputSize()) {
      throw new IllegalArgumentException("expected argmax to hold at least n*C*OH*OW = "
          + (long) n * s.outputSize() + " ints, found " + (argmax == null ? "null" : argmax.length));
    }
  }
}
