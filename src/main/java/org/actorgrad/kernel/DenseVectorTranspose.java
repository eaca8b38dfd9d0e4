package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * xᵀ for the forward's micro-kernel, and the channel-last layouts of {@link Winograd}: t (in,
 * batch) = x (batch, in) transposed, done in registers one L × L block at a time (L = lanes: 16 or
 * 8), then the edges element by element. A plain scalar copy took a fifth of the forward's time
 * (one strided store per float); the in-register butterfly takes
 * log2(L) rounds of lane swaps: in round d, rows r and r + d exchange the lanes whose index has
 * bit d set (lane j of one for lane j ^ d of the other), which moves each d × d sub-block across
 * the diagonal. Copies only: no arithmetic, so no bits to keep.
 *
 * <p>The blocks are written out in full (generated) so that all L rows stay in named registers.
 */
final class DenseVectorTranspose {
  private static final VectorSpecies<Float> S = DenseVectorProduct.S;
  private static final int L = DenseVectorProduct.L;
  private static final VectorShuffle<Float> X1 = xor(1), X2 = xor(2), X4 = xor(4), X8 = xor(8);
  private static final VectorMask<Float> M1 = bit(1, true), M2 = bit(2, true), M4 = bit(4, true);
  private static final VectorMask<Float> M8 = bit(8, true);
  private static final VectorMask<Float> N1 = bit(1, false), N2 = bit(2, false), N4 = bit(4, false);
  private static final VectorMask<Float> N8 = bit(8, false);

  private DenseVectorTranspose() {}

  /** Lane j takes lane j ^ d (d < L; a placeholder identity for the rounds a narrow species skips). */
  private static VectorShuffle<Float> xor(int d) {
    int[] index = new int[L];
    for (int j = 0; j < L; j++) {
      index[j] = d < L ? j ^ d : j;
    }
    return VectorShuffle.fromArray(S, index, 0);
  }

  /** Lanes whose index has bit d set (set == true) or clear. */
  private static VectorMask<Float> bit(int d, boolean set) {
    boolean[] lanes = new boolean[L];
    for (int j = 0; j < L; j++) {
      lanes[j] = ((j & d) != 0) == set;
    }
    return VectorMask.fromArray(S, lanes, 0);
  }

  /**
   * t[i·stride + b] = x[b·in + i] for b < batch, i < in, and t[i·stride + b] = 0 for
   * batch <= b < stride: the padding columns, so that the product runs on whole vectors.
   */
  static void transpose(float[] x, float[] t, int batch, int in, int stride) {
    transpose(x, 0, t, batch, in, stride);
  }

  /** As {@link #transpose(float[], float[], int, int, int)} with x's rows from x[xOff]: x[xOff + b·in + i]. */
  static void transpose(float[] x, int xOff, float[] t, int batch, int in, int stride) {
    block(x, xOff, in, t, 0, stride, batch, in);
    for (int i = 0; i < in; i++) {
      for (int b = batch; b < stride; b++) {
        t[i * stride + b] = 0f;
      }
    }
  }

  /**
   * t[tOff + i·tRow + b] = x[xOff + b·xRow + i] for b < rows, i < cols: x's (rows, cols) block
   * transposed into t's (cols, rows) block; nothing else of t is written.
   */
  static void block(float[] x, int xOff, int xRow, float[] t, int tOff, int tRow, int rows, int cols) {
    int rowsL = rows - rows % L;
    int colsL = cols - cols % L;
    for (int b0 = 0; b0 < rowsL; b0 += L) {
      for (int i0 = 0; i0 < colsL; i0 += L) {
        if (L == 16) {
          block16(x, xOff + b0 * xRow + i0, xRow, t, tOff + i0 * tRow + b0, tRow);
        } else {
          block8(x, xOff + b0 * xRow + i0, xRow, t, tOff + i0 * tRow + b0, tRow);
        }
      }
      for (int b = b0; b < b0 + L; b++) {
        for (int i = colsL; i < cols; i++) {
          t[tOff + i * tRow + b] = x[xOff + b * xRow + i];
        }
      }
    }
    for (int i = 0; i < cols; i++) {
      int row = tOff + i * tRow;
      for (int b = rowsL; b < rows; b++) {
        t[row + b] = x[xOff + b * xRow + i];
      }
    }
  }

  /** The 16 × 16 block x[b0 + r, i0 + j] → t[(i0 + j)·batch + b0 + r]: xIndex = b0·in + i0, tIndex = i0·batch + b0. */
  private static void block16(float[] x, int xIndex, int in, float[] t, int tIndex, int batch) {
    FloatVector v0 = FloatVector.fromArray(S, x, xIndex);
    FloatVector v1 = FloatVector.fromArray(S, x, xIndex + 1 * in);
    FloatVector v2 = FloatVector.fromArray(S, x, xIndex + 2 * in);
    FloatVector v3 = FloatVector.fromArray(S, x, xIndex + 3 * in);
    FloatVector v4 = FloatVector.fromArray(S, x, xIndex + 4 * in);
    FloatVector v5 = FloatVector.fromArray(S, x, xIndex + 5 * in);
    FloatVector v6 = FloatVector.fromArray(S, x, xIndex + 6 * in);
    FloatVector v7 = FloatVector.fromArray(S, x, xIndex + 7 * in);
    FloatVector v8 = FloatVector.fromArray(S, x, xIndex + 8 * in);
    FloatVector v9 = FloatVector.fromArray(S, x, xIndex + 9 * in);
    FloatVector v10 = FloatVector.fromArray(S, x, xIndex + 10 * in);
    FloatVector v11 = FloatVector.fromArray(S, x, xIndex + 11 * in);
    FloatVector v12 = FloatVector.fromArray(S, x, xIndex + 12 * in);
    FloatVector v13 = FloatVector.fromArray(S, x, xIndex + 13 * in);
    FloatVector v14 = FloatVector.fromArray(S, x, xIndex + 14 * in);
    FloatVector v15 = FloatVector.fromArray(S, x, xIndex + 15 * in);
    FloatVector u;
    // distance 1: rows r and r + 1 swap the lanes that differ in bit 1
    u = v0.blend(v1.rearrange(X1), M1);
    v1 = v1.blend(v0.rearrange(X1), N1);
    v0 = u;
    u = v2.blend(v3.rearrange(X1), M1);
    v3 = v3.blend(v2.rearrange(X1), N1);
    v2 = u;
    u = v4.blend(v5.rearrange(X1), M1);
    v5 = v5.blend(v4.rearrange(X1), N1);
    v4 = u;
    u = v6.blend(v7.rearrange(X1), M1);
    v7 = v7.blend(v6.rearrange(X1), N1);
    v6 = u;
    u = v8.blend(v9.rearrange(X1), M1);
    v9 = v9.blend(v8.rearrange(X1), N1);
    v8 = u;
    u = v10.blend(v11.rearrange(X1), M1);
    v11 = v11.blend(v10.rearrange(X1), N1);
    v10 = u;
    u = v12.blend(v13.rearrange(X1), M1);
    v13 = v13.blend(v12.rearrange(X1), N1);
    v12 = u;
    u = v14.blend(v15.rearrange(X1), M1);
    v15 = v15.blend(v14.rearrange(X1), N1);
    v14 = u;
    // distance 2: rows r and r + 2 swap the lanes that differ in bit 2
    u = v0.blend(v2.rearrange(X2), M2);
    v2 = v2.blend(v0.rearrange(X2), N2);
    v0 = u;
    u = v1.blend(v3.rearrange(X2), M2);
    v3 = v3.blend(v1.rearrange(X2), N2);
    v1 = u;
    u = v4.blend(v6.rearrange(X2), M2);
    v6 = v6.blend(v4.rearrange(X2), N2);
    v4 = u;
    u = v5.blend(v7.rearrange(X2), M2);
    v7 = v7.blend(v5.rearrange(X2), N2);
    v5 = u;
    u = v8.blend(v10.rearrange(X2), M2);
    v10 = v10.blend(v8.rearrange(X2), N2);
    v8 = u;
    u = v9.blend(v11.rearrange(X2), M2);
    v11 = v11.blend(v9.rearrange(X2), N2);
    v9 = u;
    u = v12.blend(v14.rearrange(X2), M2);
    v14 = v14.blend(v12.rearrange(X2), N2);
    v12 = u;
    u = v13.blend(v15.rearrange(X2), M2);
    v15 = v15.blend(v13.rearrange(X2), N2);
    v13 = u;
    // distance 4: rows r and r + 4 swap the lanes that differ in bit 4
    u = v0.blend(v4.rearrange(X4), M4);
    v4 = v4.blend(v0.rearrange(X4), N4);
    v0 = u;
    u = v1.blend(v5.rearrange(X4), M4);
    v5 = v5.blend(v1.rearrange(X4), N4);
    v1 = u;
    u = v2.blend(v6.rearrange(X4), M4);
    v6 = v6.blend(v2.rearrange(X4), N4);
    v2 = u;
    u = v3.blend(v7.rearrange(X4), M4);
    v7 = v7.blend(v3.rearrange(X4), N4);
    v3 = u;
    u = v8.blend(v12.rearrange(X4), M4);
    v12 = v12.blend(v8.rearrange(X4), N4);
    v8 = u;
    u = v9.blend(v13.rearrange(X4), M4);
    v13 = v13.blend(v9.rearrange(X4), N4);
    v9 = u;
    u = v10.blend(v14.rearrange(X4), M4);
    v14 = v14.blend(v10.rearrange(X4), N4);
    v10 = u;
    u = v11.blend(v15.rearrange(X4), M4);
    v15 = v15.blend(v11.rearrange(X4), N4);
    v11 = u;
    // distance 8: rows r and r + 8 swap the lanes that differ in bit 8
    u = v0.blend(v8.rearrange(X8), M8);
    v8 = v8.blend(v0.rearrange(X8), N8);
    v0 = u;
    u = v1.blend(v9.rearrange(X8), M8);
    v9 = v9.blend(v1.rearrange(X8), N8);
    v1 = u;
    u = v2.blend(v10.rearrange(X8), M8);
    v10 = v10.blend(v2.rearrange(X8), N8);
    v2 = u;
    u = v3.blend(v11.rearrange(X8), M8);
    v11 = v11.blend(v3.rearrange(X8), N8);
    v3 = u;
    u = v4.blend(v12.rearrange(X8), M8);
    v12 = v12.blend(v4.rearrange(X8), N8);
    v4 = u;
    u = v5.blend(v13.rearrange(X8), M8);
    v13 = v13.blend(v5.rearrange(X8), N8);
    v5 = u;
    u = v6.blend(v14.rearrange(X8), M8);
    v14 = v14.blend(v6.rearrange(X8), N8);
    v6 = u;
    u = v7.blend(v15.rearrange(X8), M8);
    v15 = v15.blend(v7.rearrange(X8), N8);
    v7 = u;
    v0.intoArray(t, tIndex);
    v1.intoArray(t, tIndex + 1 * batch);
    v2.intoArray(t, tIndex + 2 * batch);
    v3.intoArray(t, tIndex + 3 * batch);
    v4.intoArray(t, tIndex + 4 * batch);
    v5.intoArray(t, tIndex + 5 * batch);
    v6.intoArray(t, tIndex + 6 * batch);
    v7.intoArray(t, tIndex + 7 * batch);
    v8.intoArray(t, tIndex + 8 * batch);
    v9.intoArray(t, tIndex + 9 * batch);
    v10.intoArray(t, tIndex + 10 * batch);
    v11.intoArray(t, tIndex + 11 * batch);
    v12.intoArray(t, tIndex + 12 * batch);
    v13.intoArray(t, tIndex + 13 * batch);
    v14.intoArray(t, tIndex + 14 * batch);
    v15.intoArray(t, tIndex + 15 * batch);
  }

  /** The 8 × 8 block x[b0 + r, i0 + j] → t[(i0 + j)·batch + b0 + r]: xIndex = b0·in + i0, tIndex = i0·batch + b0. */
  private static void block8(float[] x, int xIndex, int in, float[] t, int tIndex, int batch) {
    FloatVector v0 = FloatVector.fromArray(S, x, xIndex);
    FloatVector v1 = FloatVector.fromArray(S, x, xIndex + 1 * in);
    FloatVector v2 = FloatVector.fromArray(S, x, xIndex + 2 * in);
    FloatVector v3 = FloatVector.fromArray(S, x, xIndex + 3 * in);
    FloatVector v4 = FloatVector.fromArray(S, x, xIndex + 4 * in);
    FloatVector v5 = FloatVector.fromArray(S, x, xIndex + 5 * in);
    FloatVector v6 = FloatVector.fromArray(S, x, xIndex + 6 * in);
    FloatVector v7 = FloatVector.fromArray(S, x, xIndex + 7 * in);
    FloatVector u;
    // distance 1: rows r and r + 1 swap the lanes that differ in bit 1
    u = v0.blend(v1.rearrange(X1), M1);
    v1 = v1.blend(v0.rearrange(X1), N1);
    v0 = u;
    u = v2.blend(v3.rearrange(X1), M1);
    v3 = v3.blend(v2.rearrange(X1), N1);
    v2 = u;
    u = v4.blend(v5.rearrange(X1), M1);
    v5 = v5.blend(v4.rearrange(X1), N1);
    v4 = u;
    u = v6.blend(v7.rearrange(X1), M1);
    v7 = v7.blend(v6.rearrange(X1), N1);
    v6 = u;
    // distance 2: rows r and r + 2 swap the lanes that differ in bit 2
    u = v0.blend(v2.rearrange(X2), M2);
    v2 = v2.blend(v0.rearrange(X2), N2);
    v0 = u;
    u = v1.blend(v3.rearrange(X2), M2);
    v3 = v3.blend(v1.rearrange(X2), N2);
    v1 = u;
    u = v4.blend(v6.rearrange(X2), M2);
    v6 = v6.blend(v4.rearrange(X2), N2);
    v4 = u;
    u = v5.blend(v7.rearrange(X2), M2);
    v7 = v7.blend(v5.rearrange(X2), N2);
    v5 = u;
    // distance 4: rows r and r + 4 swap the lanes that differ in bit 4
    u = v0.blend(v4.rearrange(X4), M4);
    v4 = v4.blend(v0.rearrange(X4), N4);
    v0 = u;
    u = v1.blend(v5.rearrange(X4), M4);
    v5 = v5.blend(v1.rearrange(X4), N4);
    v1 = u;
    u = v2.blend(v6.rearrange(X4), M4);
    v6 = v6.blend(v2.rearrange(X4), N4);
    v2 = u;
    u = v3.blend(v7.rearrange(X4), M4);
    v7 = v7.blend(v3.rearrange(X4), N4);
    v3 = u;
    v0.intoArray(t, tIndex);
    v1.intoArray(t, tIndex + 1 * batch);
    v2.intoArray(t, tIndex + 2 * batch);
    v3.intoArray(t, tIndex + 3 * batch);
    v4.intoArray(t, tIndex + 4 * batch);
    v5.intoArray(t, tIndex + 5 * batch);
    v6.intoArray(t, tIndex + 6 * batch);
    v7.intoArray(t, tIndex + 7 * batch);
  }
}
