package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;

/**
 * The Vector API path of {@link Dense}: 16 lanes where the hardware has 512-bit vectors, else 8.
 * The width never changes a bit (see {@link DenseScalar}). Only loaded when the
 * {@code jdk.incubator.vector} module is present.
 *
 * <p>All three products are {@link DenseVectorProduct}'s C (+)= A·B with B's rows contiguous
 * (through {@link Product#vector}, which keeps the 4-row tile out: see there):
 * <ul>
 *   <li>forward: zᵀ (out, batch) = W · xᵀ, rows o, k over the inputs: x is packed transposed into
 *       the workspace first (the only copy; batch·in floats, 1/out of the multiply-adds), and
 *       z = zᵀ transposed back with the bias added;
 *   <li>dW (out, in) += dzᵀ · x, rows o, k over the batch, A[o, b] = dz[b·out + o];
 *   <li>dx (batch, in) = dz · W, rows b, k over the outputs.
 * </ul>
 */
final class DenseVector {
  private DenseVector() {}

  /** Without 256-bit hardware vectors the Vector API would emulate lanes, slower than scalar code. */
  static boolean hardwareHas256BitVectors() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
  }

  /** "vector-512" or "vector-256". */
  static String path() {
    return "vector-" + DenseVectorProduct.S.vectorBitSize();
  }

  static void forward(float[] z, float[] x, float[] params, int wOff, int bOff,
      int batch, int in, int out, DenseWorkspace ws) {
    DenseShapes.checkForward(z, x, params, wOff, bOff, batch, in, out);
    // The batch is padded with zero columns to whole vectors: a column left to the scalar edge of
    // the product costs in·out scalar FMAs (batch 8 on 16 lanes ran 30x slower), a padded one a few
    // vector FMAs whose results are dropped. Each real column's chain is the same either way.
    int stride = DenseWorkspace.padded(batch, DenseVectorProduct.L);
    float[] t = ws.packed; // (in, stride) xᵀ at 0, then (out, stride) zᵀ
    int zt = in * stride;
    DenseVectorTranspose.transpose(x, t, batch, in, stride);
    Product.vector(t, zt, stride, false, params, wOff, in, 1, t, 0, stride, out, stride, in);
    for (int b = 0; b < batch; b++) {
      int zRow = b * out;
      for (int o = 0; o < out; o++) {
        z[zRow + o] = t[zt + o * stride + b] + params[bOff + o];
      }
    }
  }

  static void backward(float[] dx, float[] grad, float[] dz, float[] x, float[] params,
      int wOff, int bOff, int batch, int in, int out) {
    DenseShapes.checkBackward(dx, grad, dz, x, params, wOff, bOff, batch, in, out);
    DenseScalar.biasGradient(grad, dz, bOff, batch, out);
    // dW (out, in) += Σ_b dz[b, o] · x[b, :]
    Product.vector(grad, wOff, in, true, dz, 0, 1, out, x, 0, in, out, in, batch);
    if (dx != null) {
      // dx (batch, in) = Σ_o dz[b, o] · W[o, :]
      Product.vector(dx, 0, in, false, dz, 0, out, 1, params, wOff, in, batch, in, out);
    }
  }
}
