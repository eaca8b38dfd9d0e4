package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * dW += dzᵀ·x and dx = dz·W with the Vector API, in exactly DenseScalar's arithmetic. Both are
 * C (rows, in) = Σ_k A[r, k] · B[k, :] with B's rows contiguous along {@code in}, so each element
 * has its own accumulator fused over k in increasing order and lanes never mix (no reduction
 * order to choose). A micro-kernel holds 4 rows × 24 columns = 12 accumulators in registers; per k
 * it loads 3 vectors of B and broadcasts 4 values of A, 7 loads for 12 FMAs. Columns are the
 * outer loop so the 24-wide slice of B (K rows) stays in L1 across all row blocks.
 *
 * <p>The two uses differ only in strides: for dW, rows are outputs o, k runs over the batch,
 * A[o, b] = dz[b·out + o], B = x; for dx, rows are samples b, k runs over the outputs,
 * A[b, o] = dz[b·out + o], B = W.
 */
final class DenseVectorBackward {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

  private DenseVectorBackward() {}

  static void backward(float[] dx, float[] grad, float[] dz, float[] x, float[] params,
      int wOff, int bOff, int batch, int in, int out) {
    DenseScalar.biasGradient(grad, dz, bOff, batch, out);
    // dW (out, in) += Σ_b dz[b, o] · x[b, :]
    product(grad, wOff, true, dz, 1, out, x, 0, out, batch, in);
    if (dx != null) {
      // dx (batch, in) = Σ_o dz[b, o] · W[o, :]
      product(dx, 0, false, dz, out, 1, params, wOff, batch, out, in);
    }
  }

  /**
   * C[r, i] (+)= Σ_k A[r·aRow + k·aK] · B[bOff + k·in + i] for r < rows, k < depth, i < in;
   * C row r starts at cOff + r·in. Accumulators start at zero and are added to C (accumulate)
   * or stored.
   */
  private static void product(float[] c, int cOff, boolean accumulate, float[] a, int aRow, int aK,
      float[] bm, int bOff, int rows, int depth, int in) {
    int in24 = in - in % 24;
    int in8 = in - in % 8;
    int rows4 = rows - rows % 4;
    for (int i = 0; i < in24; i += 24) {
      for (int r = 0; r < rows4; r += 4) {
        block4x24(c, cOff, accumulate, a, aRow, aK, bm, bOff, r, i, depth, in);
      }
      for (int r = rows4; r < rows; r++) {
        for (int v = i; v < i + 24; v += 8) {
          block1x8(c, cOff, accumulate, a, aRow, aK, bm, bOff, r, v, depth, in);
        }
      }
    }
    for (int i = in24; i < in8; i += 8) {
      for (int r = 0; r < rows; r++) {
        block1x8(c, cOff, accumulate, a, aRow, aK, bm, bOff, r, i, depth, in);
      }
    }
    for (int i = in8; i < in; i++) {
      for (int r = 0; r < rows; r++) {
        float s = 0;
        for (int k = 0; k < depth; k++) {
          s = Math.fma(a[r * aRow + k * aK], bm[bOff + k * in + i], s);
        }
        int ci = cOff + r * in + i;
        c[ci] = accumulate ? c[ci] + s : s;
      }
    }
  }

  private static void block4x24(float[] c, int cOff, boolean accumulate, float[] a, int aRow, int aK,
      float[] bm, int bOff, int r, int i, int depth, int in) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00;
    FloatVector c20 = c00, c21 = c00, c22 = c00;
    FloatVector c30 = c00, c31 = c00, c32 = c00;
    int a0 = r * aRow, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
    int bi = bOff + i;
    for (int k = 0; k < depth; k++, bi += in) {
      FloatVector b0 = FloatVector.fromArray(S, bm, bi);
      FloatVector b1 = FloatVector.fromArray(S, bm, bi + 8);
      FloatVector b2 = FloatVector.fromArray(S, bm, bi + 16);
      int ak = k * aK;
      FloatVector s = FloatVector.broadcast(S, a[a0 + ak]);
      c00 = s.fma(b0, c00);
      c01 = s.fma(b1, c01);
      c02 = s.fma(b2, c02);
      s = FloatVector.broadcast(S, a[a1 + ak]);
      c10 = s.fma(b0, c10);
      c11 = s.fma(b1, c11);
      c12 = s.fma(b2, c12);
      s = FloatVector.broadcast(S, a[a2 + ak]);
      c20 = s.fma(b0, c20);
      c21 = s.fma(b1, c21);
      c22 = s.fma(b2, c22);
      s = FloatVector.broadcast(S, a[a3 + ak]);
      c30 = s.fma(b0, c30);
      c31 = s.fma(b1, c31);
      c32 = s.fma(b2, c32);
    }
    // Stores written out, not in a helper: a helper taking vectors might not be inlined and would box them.
    int c0 = cOff + r * in + i, c1 = c0 + in, c2 = c1 + in, c3 = c2 + in;
    if (accumulate) {
      c00 = c00.add(FloatVector.fromArray(S, c, c0));
      c01 = c01.add(FloatVector.fromArray(S, c, c0 + 8));
      c02 = c02.add(FloatVector.fromArray(S, c, c0 + 16));
      c10 = c10.add(FloatVector.fromArray(S, c, c1));
      c11 = c11.add(FloatVector.fromArray(S, c, c1 + 8));
      c12 = c12.add(FloatVector.fromArray(S, c, c1 + 16));
      c20 = c20.add(FloatVector.fromArray(S, c, c2));
      c21 = c21.add(FloatVector.fromArray(S, c, c2 + 8));
      c22 = c22.add(FloatVector.fromArray(S, c, c2 + 16));
      c30 = c30.add(FloatVector.fromArray(S, c, c3));
      c31 = c31.add(FloatVector.fromArray(S, c, c3 + 8));
      c32 = c32.add(FloatVector.fromArray(S, c, c3 + 16));
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + 8);
    c02.intoArray(c, c0 + 16);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + 8);
    c12.intoArray(c, c1 + 16);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + 8);
    c22.intoArray(c, c2 + 16);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + 8);
    c32.intoArray(c, c3 + 16);
  }

  private static void block1x8(float[] c, int cOff, boolean accumulate, float[] a, int aRow, int aK,
      float[] bm, int bOff, int r, int i, int depth, int in) {
    FloatVector acc = FloatVector.zero(S);
    int a0 = r * aRow;
    for (int k = 0; k < depth; k++) {
      acc = FloatVector.broadcast(S, a[a0 + k * aK]).fma(FloatVector.fromArray(S, bm, bOff + k * in + i), acc);
    }
    int ci = cOff + r * in + i;
    if (accumulate) {
      acc = acc.add(FloatVector.fromArray(S, c, ci));
    }
    acc.intoArray(c, ci);
  }
}
