package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link DenseVectorProduct}: tile<i>R</i>x<i>V</i> fuses rows r..r+R-1 of A with V
 * vectors of B's rows into R × V accumulators, C[r, j] = chain over k of A[r, k] · B[k, j]
 * started at zero (STORE, ADD) or at C (CONTINUE), then stored (STORE, CONTINUE) or added (ADD).
 * Arguments: ci, ai, bi index C[r, j0], A[r, 0] and B[0, j0]; the row strides are cRow, aRow and
 * bRow, A's k stride aK.
 *
 * <p>Each tile is written out in full on purpose (generated, not hand-varied): as helpers taking
 * vectors, parts were sometimes left un-inlined by C2, the accumulators were then boxed on the heap
 * and the kernel ran 3 to 50 times slower; the Vector API's own methods are force-inlined.
 */
final class DenseVectorTiles {
  private static final VectorSpecies<Float> S = DenseVectorProduct.S;
  private static final int L = DenseVectorProduct.L;

  private DenseVectorTiles() {}

  private static FloatVector start(int mode, float[] c, int ci) {
    return mode == DenseVectorProduct.CONTINUE ? FloatVector.fromArray(S, c, ci) : FloatVector.zero(S);
  }

  static void tile4x4(float[] c, int ci, int cRow, int mode, float[] a, int ai, int aRow,
      int aK, float[] b, int bi, int bRow, int depth) {
    int c0 = ci, c1 = c0 + cRow, c2 = c1 + cRow, c3 = c2 + cRow;
    int a0 = ai, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
    FloatVector c00 = start(mode, c, c0), c01 = start(mode, c, c0 + L), c02 = start(mode, c, c0 + 2 * L), c03 = start(mode, c, c0 + 3 * L);
    FloatVector c10 = start(mode, c, c1), c11 = start(mode, c, c1 + L), c12 = start(mode, c, c1 + 2 * L), c13 = start(mode, c, c1 + 3 * L);
    FloatVector c20 = start(mode, c, c2), c21 = start(mode, c, c2 + L), c22 = start(mode, c, c2 + 2 * L), c23 = start(mode, c, c2 + 3 * L);
    FloatVector c30 = start(mode, c, c3), c31 = start(mode, c, c3 + L), c32 = start(mode, c, c3 + 2 * L), c33 = start(mode, c, c3 + 3 * L);
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
    if (mode == DenseVectorProduct.ADD) {
      c00 = c00.add(FloatVector.fromArray(S, c, c0));
      c01 = c01.add(FloatVector.fromArray(S, c, c0 + L));
      c02 = c02.add(FloatVector.fromArray(S, c, c0 + 2 * L));
      c03 = c03.add(FloatVector.fromArray(S, c, c0 + 3 * L));
      c10 = c10.add(FloatVector.fromArray(S, c, c1));
      c11 = c11.add(FloatVector.fromArray(S, c, c1 + L));
      c12 = c12.add(FloatVector.fromArray(S, c, c1 + 2 * L));
      c13 = c13.add(FloatVector.fromArray(S, c, c1 + 3 * L));
      c20 = c20.add(FloatVector.fromArray(S, c, c2));
      c21 = c21.add(FloatVector.fromArray(S, c, c2 + L));
      c22 = c22.add(FloatVector.fromArray(S, c, c2 + 2 * L));
      c23 = c23.add(FloatVector.fromArray(S, c, c2 + 3 * L));
      c30 = c30.add(FloatVector.fromArray(S, c, c3));
      c31 = c31.add(FloatVector.fromArray(S, c, c3 + L));
      c32 = c32.add(FloatVector.fromArray(S, c, c3 + 2 * L));
      c33 = c33.add(FloatVector.fromArray(S, c, c3 + 3 * L));
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

  static void tile4x3(float[] c, int ci, int cRow, int mode, float[] a, int ai, int aRow,
      int aK, float[] b, int bi, int bRow, int depth) {
    int c0 = ci, c1 = c0 + cRow, c2 = c1 + cRow, c3 = c2 + cRow;
    int a0 = ai, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
    FloatVector c00 = start(mode, c, c0), c01 = start(mode, c, c0 + L), c02 = start(mode, c, c0 + 2 * L);
    FloatVector c10 = start(mode, c, c1), c11 = start(mode, c, c1 + L), c12 = start(mode, c, c1 + 2 * L);
    FloatVector c20 = start(mode, c, c2), c21 = start(mode, c, c2 + L), c22 = start(mode, c, c2 + 2 * L);
    FloatVector c30 = start(mode, c, c3), c31 = start(mode, c, c3 + L), c32 = start(mode, c, c3 + 2 * L);
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
    if (mode == DenseVectorProduct.ADD) {
      c00 = c00.add(FloatVector.fromArray(S, c, c0));
      c01 = c01.add(FloatVector.fromArray(S, c, c0 + L));
      c02 = c02.add(FloatVector.fromArray(S, c, c0 + 2 * L));
      c10 = c10.add(FloatVector.fromArray(S, c, c1));
      c11 = c11.add(FloatVector.fromArray(S, c, c1 + L));
      c12 = c12.add(FloatVector.fromArray(S, c, c1 + 2 * L));
      c20 = c20.add(FloatVector.fromArray(S, c, c2));
      c21 = c21.add(FloatVector.fromArray(S, c, c2 + L));
      c22 = c22.add(FloatVector.fromArray(S, c, c2 + 2 * L));
      c30 = c30.add(FloatVector.fromArray(S, c, c3));
      c31 = c31.add(FloatVector.fromArray(S, c, c3 + L));
      c32 = c32.add(FloatVector.fromArray(S, c, c3 + 2 * L));
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

  static void tile4x2(float[] c, int ci, int cRow, int mode, float[] a, int ai, int aRow,
      int aK, float[] b, int bi, int bRow, int depth) {
    int c0 = ci, c1 = c0 + cRow, c2 = c1 + cRow, c3 = c2 + cRow;
    int a0 = ai, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
    FloatVector c00 = start(mode, c, c0), c01 = start(mode, c, c0 + L);
    FloatVector c10 = start(mode, c, c1), c11 = start(mode, c, c1 + L);
    FloatVector c20 = start(mode, c, c2), c21 = start(mode, c, c2 + L);
    FloatVector c30 = start(mode, c, c3), c31 = start(mode, c, c3 + L);
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
    if (mode == DenseVectorProduct.ADD) {
      c00 = c00.add(FloatVector.fromArray(S, c, c0));
      c01 = c01.add(FloatVector.fromArray(S, c, c0 + L));
      c10 = c10.add(FloatVector.fromArray(S, c, c1));
      c11 = c11.add(FloatVector.fromArray(S, c, c1 + L));
      c20 = c20.add(FloatVector.fromArray(S, c, c2));
      c21 = c21.add(FloatVector.fromArray(S, c, c2 + L));
      c30 = c30.add(FloatVector.fromArray(S, c, c3));
      c31 = c31.add(FloatVector.fromArray(S, c, c3 + L));
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

  static void tile4x1(float[] c, int ci, int cRow, int mode, float[] a, int ai, int aRow,
      int aK, float[] b, int bi, int bRow, int depth) {
    int c0 = ci, c1 = c0 + cRow, c2 = c1 + cRow, c3 = c2 + cRow;
    int a0 = ai, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
    FloatVector c00 = start(mode, c, c0);
    FloatVector c10 = start(mode, c, c1);
    FloatVector c20 = start(mode, c, c2);
    FloatVector c30 = start(mode, c, c3);
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
    if (mode == DenseVectorProduct.ADD) {
      c00 = c00.add(FloatVector.fromArray(S, c, c0));
      c10 = c10.add(FloatVector.fromArray(S, c, c1));
      c20 = c20.add(FloatVector.fromArray(S, c, c2));
      c30 = c30.add(FloatVector.fromArray(S, c, c3));
    }
    c00.intoArray(c, c0);
    c10.intoArray(c, c1);
    c20.intoArray(c, c2);
    c30.intoArray(c, c3);
  }

  static void tile8x2(float[] c, int ci, int cRow, int mode, float[] a, int ai, int aRow,
      int aK, float[] b, int bi, int bRow, int depth) {
    int c0 = ci, c1 = c0 + cRow, c2 = c1 + cRow, c3 = c2 + cRow, c4 = c3 + cRow, c5 = c4 + cRow, c6 = c5 + cRow, c7 = c6 + cRow;
    int a0 = ai, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow, a4 = a3 + aRow, a5 = a4 + aRow, a6 = a5 + aRow, a7 = a6 + aRow;
    FloatVector c00 = start(mode, c, c0), c01 = start(mode, c, c0 + L);
    FloatVector c10 = start(mode, c, c1), c11 = start(mode, c, c1 + L);
    FloatVector c20 = start(mode, c, c2), c21 = start(mode, c, c2 + L);
    FloatVector c30 = start(mode, c, c3), c31 = start(mode, c, c3 + L);
    FloatVector c40 = start(mode, c, c4), c41 = start(mode, c, c4 + L);
    FloatVector c50 = start(mode, c, c5), c51 = start(mode, c, c5 + L);
    FloatVector c60 = start(mode, c, c6), c61 = start(mode, c, c6 + L);
    FloatVector c70 = start(mode, c, c7), c71 = start(mode, c, c7 + L);
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
      s = FloatVector.broadcast(S, a[a4 + ak]);
      c40 = s.fma(b0, c40);
      c41 = s.fma(b1, c41);
      s = FloatVector.broadcast(S, a[a5 + ak]);
      c50 = s.fma(b0, c50);
      c51 = s.fma(b1, c51);
      s = FloatVector.broadcast(S, a[a6 + ak]);
      c60 = s.fma(b0, c60);
      c61 = s.fma(b1, c61);
      s = FloatVector.broadcast(S, a[a7 + ak]);
      c70 = s.fma(b0, c70);
      c71 = s.fma(b1, c71);
    }
    if (mode == DenseVectorProduct.ADD) {
      c00 = c00.add(FloatVector.fromArray(S, c, c0));
      c01 = c01.add(FloatVector.fromArray(S, c, c0 + L));
      c10 = c10.add(FloatVector.fromArray(S, c, c1));
      c11 = c11.add(FloatVector.fromArray(S, c, c1 + L));
      c20 = c20.add(FloatVector.fromArray(S, c, c2));
      c21 = c21.add(FloatVector.fromArray(S, c, c2 + L));
      c30 = c30.add(FloatVector.fromArray(S, c, c3));
      c31 = c31.add(FloatVector.fromArray(S, c, c3 + L));
      c40 = c40.add(FloatVector.fromArray(S, c, c4));
      c41 = c41.add(FloatVector.fromArray(S, c, c4 + L));
      c50 = c50.add(FloatVector.fromArray(S, c, c5));
      c51 = c51.add(FloatVector.fromArray(S, c, c5 + L));
      c60 = c60.add(FloatVector.fromArray(S, c, c6));
      c61 = c61.add(FloatVector.fromArray(S, c, c6 + L));
      c70 = c70.add(FloatVector.fromArray(S, c, c7));
      c71 = c71.add(FloatVector.fromArray(S, c, c7 + L));
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + L);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + L);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + L);
    c40.intoArray(c, c4);
    c41.intoArray(c, c4 + L);
    c50.intoArray(c, c5);
    c51.intoArray(c, c5 + L);
    c60.intoArray(c, c6);
    c61.intoArray(c, c6 + L);
    c70.intoArray(c, c7);
    c71.intoArray(c, c7 + L);
  }

  static void tile8x1(float[] c, int ci, int cRow, int mode, float[] a, int ai, int aRow,
      int aK, float[] b, int bi, int bRow, int depth) {
    int c0 = ci, c1 = c0 + cRow, c2 = c1 + cRow, c3 = c2 + cRow, c4 = c3 + cRow, c5 = c4 + cRow, c6 = c5 + cRow, c7 = c6 + cRow;
    int a0 = ai, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow, a4 = a3 + aRow, a5 = a4 + aRow, a6 = a5 + aRow, a7 = a6 + aRow;
    FloatVector c00 = start(mode, c, c0);
    FloatVector c10 = start(mode, c, c1);
    FloatVector c20 = start(mode, c, c2);
    FloatVector c30 = start(mode, c, c3);
    FloatVector c40 = start(mode, c, c4);
    FloatVector c50 = start(mode, c, c5);
    FloatVector c60 = start(mode, c, c6);
    FloatVector c70 = start(mode, c, c7);
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
      s = FloatVector.broadcast(S, a[a4 + ak]);
      c40 = s.fma(b0, c40);
      s = FloatVector.broadcast(S, a[a5 + ak]);
      c50 = s.fma(b0, c50);
      s = FloatVector.broadcast(S, a[a6 + ak]);
      c60 = s.fma(b0, c60);
      s = FloatVector.broadcast(S, a[a7 + ak]);
      c70 = s.fma(b0, c70);
    }
    if (mode == DenseVectorProduct.ADD) {
      c00 = c00.add(FloatVector.fromArray(S, c, c0));
      c10 = c10.add(FloatVector.fromArray(S, c, c1));
      c20 = c20.add(FloatVector.fromArray(S, c, c2));
      c30 = c30.add(FloatVector.fromArray(S, c, c3));
      c40 = c40.add(FloatVector.fromArray(S, c, c4));
      c50 = c50.add(FloatVector.fromArray(S, c, c5));
      c60 = c60.add(FloatVector.fromArray(S, c, c6));
      c70 = c70.add(FloatVector.fromArray(S, c, c7));
    }
    c00.intoArray(c, c0);
    c10.intoArray(c, c1);
    c20.intoArray(c, c2);
    c30.intoArray(c, c3);
    c40.intoArray(c, c4);
    c50.intoArray(c, c5);
    c60.intoArray(c, c6);
    c70.intoArray(c, c7);
  }

  static void tile1x1(float[] c, int ci, int mode, float[] a, int ai, int aK, float[] b, int bi,
      int bRow, int depth) {
    FloatVector acc = start(mode, c, ci);
    for (int k = 0; k < depth; k++, bi += bRow) {
      acc = FloatVector.broadcast(S, a[ai + k * aK]).fma(FloatVector.fromArray(S, b, bi), acc);
    }
    if (mode == DenseVectorProduct.ADD) {
      acc = acc.add(FloatVector.fromArray(S, c, ci));
    }
    acc.intoArray(c, ci);
  }
}
