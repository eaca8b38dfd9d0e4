package org.actorgrad.kernel;

/**
 * The fully connected layer in plain Java that computes exactly what {@code DenseVector} computes,
 * bit for bit, so a run gives the same floats whether or not the Vector API module is present and
 * whatever the vector width (256 or 512 bits).
 *
 * <p>The arithmetic both follow: every element of the three products is one {@link Math#fma}
 * chain that starts at zero and runs over the summed index in increasing order, so no two lanes
 * are ever added together and the order does not depend on how many lanes a vector has.
 * <ul>
 *   <li>forward z (b, o): the chain over the inputs i of x[b, i]·W[o, i], then the bias added.
 *   <li>dW (o, i): the chain over the batch b of dz[b, o]·x[b, i], then added to grad.
 *   <li>dx (b, i): the chain over the outputs o of dz[b, o]·W[o, i], stored.
 *   <li>db (o): the column of dz summed in increasing b from zero, then added to grad.
 * </ul>
 * Register blocking (here and in the vector path) changes which element is computed when, never
 * this order. (Earlier versions summed the forward in 8 lane accumulators added as a tree; that
 * order tied the bits to the vector width and gave other bits than this one.)
 */
public final class DenseScalar {
  private DenseScalar() {}

  /** Same contract as {@link Dense#forward}. */
  public static void forward(float[] z, float[] x, float[] params, int wOff, int bOff,
      int batch, int in, int out) {
    DenseShapes.checkForward(z, x, params, wOff, bOff, batch, in, out);
    // Four outputs at a time: four independent FMA chains instead of one latency-bound chain.
    int out4 = out - out % 4;
    for (int b = 0; b < batch; b++) {
      int xRow = b * in;
      for (int o = 0; o < out4; o += 4) {
        int w0 = wOff + o * in, w1 = w0 + in, w2 = w1 + in, w3 = w2 + in;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int i = 0; i < in; i++) {
          float xi = x[xRow + i];
          s0 = Math.fma(xi, params[w0 + i], s0);
          s1 = Math.fma(xi, params[w1 + i], s1);
          s2 = Math.fma(xi, params[w2 + i], s2);
          s3 = Math.fma(xi, params[w3 + i], s3);
        }
        int zi = b * out + o;
        z[zi] = s0 + params[bOff + o];
        z[zi + 1] = s1 + params[bOff + o + 1];
        z[zi + 2] = s2 + params[bOff + o + 2];
        z[zi + 3] = s3 + params[bOff + o + 3];
      }
      for (int o = out4; o < out; o++) {
        int wRow = wOff + o * in;
        float s = 0;
        for (int i = 0; i < in; i++) {
          s = Math.fma(x[xRow + i], params[wRow + i], s);
        }
        z[b * out + o] = s + params[bOff + o];
      }
    }
  }

  /** Same contract as {@link Dense#backward}. */
  public static void backward(float[] dx, float[] grad, float[] dz, float[] x, float[] params,
      int wOff, int bOff, int batch, int in, int out) {
    DenseShapes.checkBackward(dx, grad, dz, x, params, wOff, bOff, batch, in, out);
    biasGradient(grad, dz, bOff, batch, out);
    // Four columns at a time: four independent FMA chains instead of one latency-bound chain;
    // each element's own sum is the same sequence as with one column at a time.
    int in4 = in - in % 4;
    for (int o = 0; o < out; o++) {
      int gRow = wOff + o * in;
      for (int i = 0; i < in4; i += 4) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int b = 0; b < batch; b++) {
          float d = dz[b * out + o];
          int xi = b * in + i;
          s0 = Math.fma(d, x[xi], s0);
          s1 = Math.fma(d, x[xi + 1], s1);
          s2 = Math.fma(d, x[xi + 2], s2);
          s3 = Math.fma(d, x[xi + 3], s3);
        }
        grad[gRow + i] += s0;
        grad[gRow + i + 1] += s1;
        grad[gRow + i + 2] += s2;
        grad[gRow + i + 3] += s3;
      }
      for (int i = in4; i < in; i++) {
        float s = 0;
        for (int b = 0; b < batch; b++) {
          s = Math.fma(dz[b * out + o], x[b * in + i], s);
        }
        grad[gRow + i] += s;
      }
    }
    if (dx == null) {
      return;
    }
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < in4; i += 4) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int o = 0; o < out; o++) {
          float d = dz[b * out + o];
          int wi = wOff + o * in + i;
          s0 = Math.fma(d, params[wi], s0);
          s1 = Math.fma(d, params[wi + 1], s1);
          s2 = Math.fma(d, params[wi + 2], s2);
          s3 = Math.fma(d, params[wi + 3], s3);
        }
        dx[b * in + i] = s0;
        dx[b * in + i + 1] = s1;
        dx[b * in + i + 2] = s2;
        dx[b * in + i + 3] = s3;
      }
      for (int i = in4; i < in; i++) {
        float s = 0;
        for (int o = 0; o < out; o++) {
          s = Math.fma(dz[b * out + o], params[wOff + o * in + i], s);
        }
        dx[b * in + i] = s;
      }
    }
  }

  /** grad[bOff + o] += Σ_b dz[b, o], summed in increasing b: shared by both paths. */
  static void biasGradient(float[] grad, float[] dz, int bOff, int batch, int out) {
    for (int o = 0; o < out; o++) {
      float s = 0;
      for (int b = 0; b < batch; b++) {
        s += dz[b * out + o];
      }
      grad[bOff + o] += s;
    }
  }
}
