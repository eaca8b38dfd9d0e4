package org.actorgrad.kernel;

/**
 * The 2-D convolution layer (PyTorch's {@code Conv2d}, cross-correlation, no dilation or groups),
 * lowered sample by sample onto {@link Dense} by {@link Im2col}: a sample's OH*OW output positions
 * play the part of Dense's batch, so the speed and the bit-for-bit agreement of Dense's vector and
 * scalar paths carry over. Activations are CHW per sample, samples contiguous: x (n, C, H, W),
 * z (n, OC, OH, OW), exactly PyTorch's NCHW, so flattening z for a dense layer gives PyTorch's
 * {@code Flatten} order. The weight is (OC, C, KH, KW) row-major at params[wOff..] (PyTorch's
 * {@code Conv2d.weight} layout), the bias (OC) at params[bOff..].
 *
 * <p>Workspaces are the caller's, sized once: cols and dcols hold (OH*OW, C*KH*KW), t holds
 * (OH*OW, OC), ws fits Dense's product of batch OH*OW, in C*KH*KW, out OC. Samples are processed in order, each adding its dW and db to grad in turn, so the
 * result depends on the samples and their order only.
 */
public final class Conv2d {
  private Conv2d() {}

  /**
   * z (n, OC, OH, OW) = conv(x (n, C, H, W), W) + b.
   *
   * @throws IllegalArgumentException if an array or the workspace is too small
   */
  public static void forward(float[] z, float[] x, float[] params, int wOff, int bOff,
      Conv2dShape s, int n, float[] cols, float[] t, DenseWorkspace ws) {
    checkCommon(x, params, wOff, bOff, s, n, cols, t);
    DenseShapes.checkLength("z", z, (long) n * s.outputSize(), "n*OC*OH*OW");
    int positions = s.positions();
    for (int i = 0; i < n; i++) {
      Im2col.im2col(cols, x, i * s.inputSize(), s);
      Dense.forward(t, cols, params, wOff, bOff, positions, s.patchSize(), s.filters(), ws);
      transposeInto(z, i * s.outputSize(), t, positions, s.filters());
    }
  }

  /**
   * Accumulates (+=) dW into grad[wOff..] and db into grad[bOff..]; overwrites dx (n, C, H, W)
   * unless dx is null (a first layer needs none). dz is (n, OC, OH, OW), x the forward's input.
   */
  public static void backward(float[] dx, float[] grad, float[] dz, float[] x, float[] params,
      int wOff, int bOff, Conv2dShape s, int n, float[] cols, float[] dcols, float[] t) {
    checkCommon(x, params, wOff, bOff, s, n, cols, t);
    DenseShapes.checkLength("dz", dz, (long) n * s.outputSize(), "n*OC*OH*OW");
    DenseShapes.checkLength("grad", grad, (long) Math.max(wOff + s.weightSize(), bOff + s.filters()),
        "the conv weight and bias");
    if (dx != null) {
      DenseShapes.checkLength("dx", dx, (long) n * s.inputSize(), "n*C*H*W");
      DenseShapes.checkLength("dcols", dcols, (long) s.positions() * s.patchSize(), "OH*OW*C*KH*KW");
    }
    int positions = s.positions();
    int filters = s.filters();
    for (int i = 0; i < n; i++) {
      // (OC, OH*OW) -> (OH*OW, OC): the layout Dense takes for dz.
      int zOff = i * s.outputSize();
      for (int p = 0; p < positions; p++) {
        for (int oc = 0; oc < filters; oc++) {
          t[p * filters + oc] = dz[zOff + oc * positions + p];
        }
      }
      // Recomputed instead of kept from forward: one sample's patches, not the batch's, stay in memory.
      Im2col.im2col(cols, x, i * s.inputSize(), s);
      Dense.backward(dx == null ? null : dcols, grad, t, cols, params, wOff, bOff, positions,
          s.patchSize(), filters);
      if (dx != null) {
        Im2col.col2im(dx, i * s.inputSize(), dcols, s);
      }
    }
  }

  /** (positions, filters) -> (filters, positions) at z[zOff..]: HWC to CHW. */
  private static void transposeInto(float[] z, int zOff, float[] t, int positions, int filters) {
    for (int oc = 0; oc < filters; oc++) {
      int row = zOff + oc * positions;
      for (int p = 0; p < positions; p++) {
        z[row + p] = t[p * filters + oc];
      }
    }
  }

  private static void checkCommon(float[] x, float[] params, int wOff, int bOff, Conv2dShape s,
      int n, float[] cols, float[] t) {
    if (s == null || n < 1) {
      throw new IllegalArgumentException("expected a conv shape and n >= 1, found " + s + ", n=" + n);
    }
    DenseShapes.checkLength("x", x, (long) n * s.inputSize(), "n*C*H*W");
    if (params == null || wOff < 0 || bOff < 0 || (long) wOff + s.weightSize() > params.length
        || (long) bOff + s.filters() > params.length) {
      throw new IllegalArgumentException("expected W (" + s.filters() + "x" + s.channels() + "x"
          + s.kernelRows() + "x" + s.kernelCols() + ") at params[" + wOff + "..] and b at params["
          + bOff + "..], but params holds " + (params == null ? "null" : params.length + " floats"));
    }
    DenseShapes.checkLength("cols", cols, (long) s.positions() * s.patchSize(), "OH*OW*C*KH*KW");
    DenseShapes.checkLength("t", t, (long) s.positions() * s.filters(), "OH*OW*OC");
  }
}
