package org.actorgrad.kernel;

/**
 * The reference max pooling: each output and each input gradient computed from the definition by
 * 4-D indexing, with no argmax kept between the passes; a yardstick for {@link MaxPool2d}, which
 * must match it bit for bit (no arithmetic beyond the sums of routed gradients).
 */
public final class MaxPool2dNaive {
  private MaxPool2dNaive() {}

  /** y[i, c, oh, ow] = max over the window; ties and NaN as in {@link MaxPool2d}. */
  public static void forward(float[] y, float[] x, Pool2dShape s, int n) {
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < s.channels(); c++) {
        for (int oh = 0; oh < s.outRows(); oh++) {
          for (int ow = 0; ow < s.outCols(); ow++) {
            y[outputIndex(s, i, c, oh, ow)] = x[winner(x, s, i, c, oh, ow)];
          }
        }
      }
    }
  }

  /** dx[i, c, h, w] = Σ dy over the windows (in output order) whose winner is (h, w). */
  public static void backward(float[] dx, float[] dy, float[] x, Pool2dShape s, int n) {
    java.util.Arrays.fill(dx, 0, n * s.inputSize(), 0f);
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < s.channels(); c++) {
        for (int oh = 0; oh < s.outRows(); oh++) {
          for (int ow = 0; ow < s.outCols(); ow++) {
            dx[winner(x, s, i, c, oh, ow)] += dy[outputIndex(s, i, c, oh, ow)];
          }
        }
      }
    }
  }

  /** Index in x of the window's first largest element in row-major window order. */
  private static int winner(float[] x, Pool2dShape s, int i, int c, int oh, int ow) {
    int best = -1;
    for (int kh = 0; kh < s.kernelRows(); kh++) {
      for (int kw = 0; kw < s.kernelCols(); kw++) {
        int h = oh * s.strideRows() + kh;
        int w = ow * s.strideCols() + kw;
        int k = ((i * s.channels() + c) * s.rows() + h) * s.cols() + w;
        if (best < 0 || x[k] > x[best] || (Float.isNaN(x[best]) && !Float.isNaN(x[k]))) {
          best = k;
        }
      }
    }
    return best;
  }

  private static int outputIndex(Pool2dShape s, int i, int c, int oh, int ow) {
    return ((i * s.channels() + c) * s.outRows() + oh) * s.outCols() + ow;
  }
}
