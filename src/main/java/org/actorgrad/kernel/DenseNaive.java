package org.actorgrad.kernel;

/**
 * The reference fully connected layer: plain loops in the textbook order, accumulated in double so
 * it is an independent, more accurate yardstick for {@link Dense} (which tests compare against it
 * within a tolerance, never bitwise).
 */
public final class DenseNaive {
  private DenseNaive() {}

  /** z (batch, out) = x (batch, in) · Wᵀ + b; W (out, in) at params[wOff..], b (out) at params[bOff..]. */
  public static void forward(float[] z, float[] x, float[] params, int wOff, int bOff,
      int batch, int in, int out) {
    DenseShapes.checkForward(z, x, params, wOff, bOff, batch, in, out);
    for (int b = 0; b < batch; b++) {
      for (int o = 0; o < out; o++) {
        double sum = params[bOff + o];
        for (int i = 0; i < in; i++) {
          sum += (double) x[b * in + i] * params[wOff + o * in + i];
        }
        z[b * out + o] = (float) sum;
      }
    }
  }

  /** grad[W] += dzᵀ·x, grad[b] += column sums of dz; dx (batch, in) = dz·W unless dx is null. */
  public static void backward(float[] dx, float[] grad, float[] dz, float[] x, float[] params,
      int wOff, int bOff, int batch, int in, int out) {
    DenseShapes.checkBackward(dx, grad, dz, x, params, wOff, bOff, batch, in, out);
    for (int o = 0; o < out; o++) {
      double db = 0;
      for (int b = 0; b < batch; b++) {
        db += dz[b * out + o];
      }
      grad[bOff + o] += (float) db;
      for (int i = 0; i < in; i++) {
        double dw = 0;
        for (int b = 0; b < batch; b++) {
          dw += (double) dz[b * out + o] * x[b * in + i];
        }
        grad[wOff + o * in + i] += (float) dw;
      }
    }
    if (dx == null) {
      return;
    }
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < in; i++) {
        double sum = 0;
        for (int o = 0; o < out; o++) {
          sum += (double) dz[b * out + o] * params[wOff + o * in + i];
        }
        dx[b * in + i] = (float) sum;
      }
    }
  }
}
