package org.actorgrad.kernel;

/**
 * The fully connected layer in plain Java that computes exactly what {@code DenseVector} computes,
 * bit for bit, so a run gives the same floats whether or not the Vector API module is present.
 *
 * <p>The arithmetic both follow (every product-sum is a {@link Math#fma}):
 * <ul>
 *   <li>forward, per output (b, o): eight lane accumulators, lane j summing x[i]·w[i] for
 *       i ≡ j (mod 8) over the first {@code in - in % 8} inputs in increasing i; the lanes are added
 *       as ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)); the last {@code in % 8} products are then fused in
 *       one by one in increasing i; the bias is added last.
 *   <li>dW (o, i) and dx (b, i): one accumulator per element starting at zero, fused over the
 *       batch (dW) or the outputs (dx) in increasing order; dW is then added to grad, dx stored.
 *   <li>db (o): the column of dz summed in increasing b from zero, then added to grad.
 * </ul>
 * Register blocking in the vector path changes which element is computed when, never this order.
 */
public final class DenseScalar {
  private DenseScalar() {}

  /** Same contract as {@link Dense#forward}. */
  public static void forward(float[] z, float[] x, float[] params, int wOff, int bOff,
      int batch, int in, int out) {
    DenseShapes.checkForward(z, x, params, wOff, bOff, batch, in, out);
    int in8 = in - in % 8;
    for (int b = 0; b < batch; b++) {
      int xRow = b * in;
      for (int o = 0; o < out; o++) {
        int wRow = wOff + o * in;
        float l0 = 0, l1 = 0, l2 = 0, l3 = 0, l4 = 0, l5 = 0, l6 = 0, l7 = 0;
        for (int i = 0; i < in8; i += 8) {
          l0 = Math.fma(x[xRow + i], params[wRow + i], l0);
          l1 = Math.fma(x[xRow + i + 1], params[wRow + i + 1], l1);
          l2 = Math.fma(x[xRow + i + 2], params[wRow + i + 2], l2);
          l3 = Math.fma(x[xRow + i + 3], params[wRow + i + 3], l3);
          l4 = Math.fma(x[xRow + i + 4], params[wRow + i + 4], l4);
          l5 = Math.fma(x[xRow + i + 5], params[wRow + i + 5], l5);
          l6 = Math.fma(x[xRow + i + 6], params[wRow + i + 6], l6);
          l7 = Math.fma(x[xRow + i + 7], params[wRow + i + 7], l7);
        }
        float s = ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7));
        for (int i = in8; i < in; i++) {
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
