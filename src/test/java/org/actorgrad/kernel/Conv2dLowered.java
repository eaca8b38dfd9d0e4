package org.actorgrad.kernel;

/**
 * The bits {@link Conv2d} must give, computed the way its first version did: per sample, the
 * patches (OH·OW, C·KH·KW) by plain loops, {@link DenseScalar}'s products over them with the
 * output positions as the batch, and explicit transposes between CHW and the products' layouts.
 * Slow and simple on purpose: the yardstick for a bitwise comparison.
 */
final class Conv2dLowered {
  private Conv2dLowered() {}

  static void forward(float[] z, float[] x, float[] params, int wOff, int bOff, Conv2dShape s, int n) {
    int positions = s.positions(), filters = s.filters();
    float[] cols = new float[positions * s.patchSize()];
    float[] t = new float[positions * filters];
    for (int i = 0; i < n; i++) {
      patches(cols, x, i * s.inputSize(), s);
      DenseScalar.forward(t, cols, params, wOff, bOff, positions, s.patchSize(), filters);
      for (int o = 0; o < filters; o++) {
        for (int p = 0; p < positions; p++) {
          z[i * s.outputSize() + o * positions + p] = t[p * filters + o];
        }
      }
    }
  }

  static void backward(float[] dx, float[] grad, float[] dz, float[] x, float[] params, int wOff,
      int bOff, Conv2dShape s, int n) {
    int positions = s.positions(), filters = s.filters(), patch = s.patchSize();
    float[] cols = new float[positions * patch];
    float[] dcols = new float[positions * patch];
    float[] t = new float[positions * filters];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < positions; p++) {
        for (int o = 0; o < filters; o++) {
          t[p * filters + o] = dz[i * s.outputSize() + o * positions + p];
        }
      }
      patches(cols, x, i * s.inputSize(), s);
      DenseScalar.backward(dx == null ? null : dcols, grad, t, cols, params, wOff, bOff, positions,
          patch, filters);
      if (dx == null) {
        continue;
      }
      int xOff = i * s.inputSize();
      java.util.Arrays.fill(dx, xOff, xOff + s.inputSize(), 0f);
      for (int p = 0; p < positions; p++) {
        for (int k = 0; k < patch; k++) {
          int pixel = pixel(s, p, k);
          if (pixel >= 0) {
            dx[xOff + pixel] += dcols[p * patch + k];
          }
        }
      }
    }
  }

  private static void patches(float[] cols, float[] x, int xOff, Conv2dShape s) {
    for (int p = 0; p < s.positions(); p++) {
      for (int k = 0; k < s.patchSize(); k++) {
        int pixel = pixel(s, p, k);
        cols[p * s.patchSize() + k] = pixel < 0 ? 0f : x[xOff + pixel];
      }
    }
  }

  /** The input index (c·H + ih)·W + iw of patch entry (p, k), or -1 in the padding. */
  private static int pixel(Conv2dShape s, int p, int k) {
    int area = s.kernelRows() * s.kernelCols();
    int c = k / area, kh = k % area / s.kernelCols(), kw = k % s.kernelCols();
    int ih = p / s.outCols() * s.strideRows() + kh - s.padTop();
    int iw = p % s.outCols() * s.strideCols() + kw - s.padLeft();
    if (ih < 0 || ih >= s.rows() || iw < 0 || iw >= s.cols()) {
      return -1;
    }
    return (c * s.rows() + ih) * s.cols() + iw;
  }
}
