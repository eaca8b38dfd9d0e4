package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link DenseVectorProduct} for both widths: tile<i>R</i>x<i>V</i> fuses rows
 * r..r+R-1 of A with V vectors of B's rows into R × V accumulators, C[r, j] = the chain over k of
 * A[r, k] · B[k, j] started at zero, then stored in C ({@link DenseVectorTilesAdd}: added to C,
 * in a form of its own). Arguments: ci, ai, bi index
 * C[r, j0], A[r, 0] and B[0, j0]; cRow, aRow and bRow are the row strides, aK is A's k stride.
 * The 4 × 3 tile is AVX2's largest: 12 accumulators + 3 loads + 1 broadcast = its 16 registers;
 * 4 × 4 serves AVX-512 only.
 *
 * <p>Each tile is written out in full on purpose (generated, not hand-varied): as helpers taking or
 * returning vectors, parts were sometimes left un-inlined by C2 ("hot method too big"), the
 * accumulators were then boxed on the heap and the kernel ran 3 to 50 times slower. The tiles take
 * and return no vectors, so they may stay un-inlined without harm.
 */
final class DenseVectorTiles {
  private static final VectorSpecies<Float> S = DenseVectorProduct.S;
  private static final int L = DenseVectorProduct.L;

  private DenseVectorTiles() {}

  static void tile4x4(float[] c, int ci, int cRow, float[] a, int ai, int aRow,
      int aK, float[] b, int bi, int bRow, int depth) {
    int c0 = ci, c1 = c0 + cRow, c2 = c1 + cRow, c3 = c2 + cRow;
    int a0 = ai, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00, c20 = c00;
    FloatVector c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
    for (int k = 0; k < depth; k++, bi += bRow) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
      FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
      int ak = k * aK;
      FloatVector s = FloatVector.broadcast(S, a[a0 + ak]);
      c00 = s.fma(b0, c00);
      c01 = s.fma(b1, c01);
      c02 = s.fma(b2, c02);
      c03 = s.fma(b3, c03);
      s = FloatVector.broadcast(S, a[a1 + ak]);
      c10 = s.fma(b0, c10);
      c11 = s.fma(b1, c11);
      c12 = s.fma(b2, c12);
      c13 = s.fma(b3, c13);
      s = FloatVector.broadcast(S, a[a2 + ak]);
      c20 = s.fma(b0, c20);
      c21 = s.fma(b1, c21);
      c22 = s.fma(b2, c22);
      c23 = s.fma(b3, c23);
      s = FloatVector.broadcast(S, a[a3 + ak]);
      c30 = s.fma(b0, c30);
      c31 = s.fma(b1, c31);
      c32 = s.fma(b2, c32);
      c33 = s.fma(b3, c33);
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c02.intoArray(c, c0 + 2 * L);
    c03.intoArray(c, c0 + 3 * L);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + L);
    c12.intoArray(c, c1 + 2 * L);
    c13.intoArray(c, c1 + 3 * L);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + L);
    c22.intoArray(c, c2 + 2 * L);
    c23.intoArray(c, c2 + 3 * L);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + L);
    c32.intoArray(c, c3 + 2 * L);
    c33.intoArray(c, c3 + 3 * L);
  }

  static void tile4x3(float[] c, int ci, int cRow, float[] a, int ai, int aRow,
      int aK, float[] b, int bi, int bRow, int depth) {
    int c0 = ci, c1 = c0 + cRow, c2 = c1 + cRow, c3 = c2 + cRow;
    int a0 = ai, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00, c20 = c00, c21 = c00, c22 = c00;
    FloatVector c30 = c00, c31 = c00, c32 = c00;
    for (int k = 0; k < depth; k++, bi += bRow) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
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
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c02.intoArray(c, c0 + 2 * L);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + L);
    c12.intoArray(c, c1 + 2 * L);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + L);
    c22.intoArray(c, c2 + 2 * L);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + L);
    c32.intoArray(c, c3 + 2 * L);
  }

  static void tile4x2(float[] c, int ci, int cRow, float[] a, int ai, int aRow,
      int aK, float[] b, int bi, int bRow, int depth) {
    int c0 = ci, c1 = c0 + cRow, c2 = c1 + cRow, c3 = c2 + cRow;
    int a0 = ai, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
    for (int k = 0; k < depth; k++, bi += bRow) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      int ak = k * aK;
      FloatVector s = FloatVector.broadcast(S, a[a0 + ak]);
      c00 = s.fma(b0, c00);
      c01 = s.fma(b1, c01);
      s = FloatVector.broadcast(S, a[a1 + ak]);
      c10 = s.fma(b0, c10);
      c11 = s.fma(b1, c11);
      s = FloatVector.broadcast(S, a[a2 + ak]);
      c20 = s.fma(b0, c20);
      c21 = s.fma(b1, c21);
      s = FloatVector.broadcast(S, a[a3 + ak]);
      c30 = s.fma(b0, c30);
      c31 = s.fma(b1, c31);
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + L);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + L);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + L);
  }

  static void tile4x1(float[] c, int ci, int cRow, float[] a, int ai, int aRow,
      int aK, float[] b, int bi, int bRow, int depth) {
    int c0 = ci, c1 = c0 + cRow, c2 = c1 + cRow, c3 = c2 + cRow;
    int a0 = ai, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
    FloatVector c00 = FloatVector.zero(S), c10 = c00, c20 = c00, c30 = c00;
    for (int k = 0; k < depth; k++, bi += bRow) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      int ak = k * aK;
      FloatVector s = FloatVector.broadcast(S, a[a0 + ak]);
      c00 = s.fma(b0, c00);
      s = FloatVector.broadcast(S, a[a1 + ak]);
      c10 = s.fma(b0, c10);
      s = FloatVector.broadcast(S, a[a2 + ak]);
      c20 = s.fma(b0, c20);
      s = FloatVector.broadcast(S, a[a3 + ak]);
      c30 = s.fma(b0, c30);
    }
    c00.intoArray(c, c0);
    c10.intoArray(c, c1);
    c20.intoArray(c, c2);
    c30.intoArray(c, c3);
  }

  static void tile1x1(float[] c, int ci, int cRow, float[] a, int ai, int aRow,
      int aK, float[] b, int bi, int bRow, int depth) {
    int c0 = ci, a0 = ai;
    FloatVector c00 = FloatVector.zero(S);
    for (int k = 0; k < depth; k++, bi += bRow) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      int ak = k * aK;
      FloatVector s = FloatVector.broadcast(S, a[a0 + ak]);
      c00 = s.fma(b0, c00);
    }
    c00.intoArray(c, c0);
  }
}
