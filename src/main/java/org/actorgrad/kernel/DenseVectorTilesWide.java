package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The AVX-512 register tiles of {@link DenseVectorProduct} (32 registers of 16 lanes), same contract
 * as {@link DenseVectorTiles}: 6 × 4 vectors for wide panels (24 accumulators; per k 4 loads and 6
 * broadcasts feed 24 FMAs), 8 × 2 and 8 × 1 for narrow ones (a batch of 32 in the forward, the last
 * 16 of 784 columns), 2 × 4 (with DenseVectorTiles' 4 × 4) for the rows a 6-row tile leaves.
 * Generated, like those.
 */
final class DenseVectorTilesWide {
  private static final VectorSpecies<Float> S = DenseVectorProduct.S;
  private static final int L = DenseVectorProduct.L;

  private DenseVectorTilesWide() {}

  static void tile6x4(float[] c, int ci, int cRow, float[] a, int ai, int aRow,
      int aK, float[] b, int bi, int bRow, int depth) {
    int c0 = ci, c1 = c0 + cRow, c2 = c1 + cRow, c3 = c2 + cRow, c4 = c3 + cRow, c5 = c4 + cRow;
    int a0 = ai, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow, a4 = a3 + aRow, a5 = a4 + aRow;
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00, c20 = c00;
    FloatVector c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00, c40 = c00;
    FloatVector c41 = c00, c42 = c00, c43 = c00, c50 = c00, c51 = c00, c52 = c00, c53 = c00;
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
      s = FloatVector.broadcast(S, a[a4 + ak]);
      c40 = s.fma(b0, c40);
      c41 = s.fma(b1, c41);
      c42 = s.fma(b2, c42);
      c43 = s.fma(b3, c43);
      s = FloatVector.broadcast(S, a[a5 + ak]);
      c50 = s.fma(b0, c50);
      c51 = s.fma(b1, c51);
      c52 = s.fma(b2, c52);
      c53 = s.fma(b3, c53);
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
    c40.intoArray(c, c4);
    c41.intoArray(c, c4 + L);
    c42.intoArray(c, c4 + 2 * L);
    c43.intoArray(c, c4 + 3 * L);
    c50.intoArray(c, c5);
    c51.intoArray(c, c5 + L);
    c52.intoArray(c, c5 + 2 * L);
    c53.intoArray(c, c5 + 3 * L);
  }

  static void tile2x4(float[] c, int ci, int cRow, float[] a, int ai, int aRow,
      int aK, float[] b, int bi, int bRow, int depth) {
    int c0 = ci, c1 = c0 + cRow;
    int a0 = ai, a1 = a0 + aRow;
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
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
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c02.intoArray(c, c0 + 2 * L);
    c03.intoArray(c, c0 + 3 * L);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + L);
    c12.intoArray(c, c1 + 2 * L);
    c13.intoArray(c, c1 + 3 * L);
  }

  static void tile8x2(float[] c, int ci, int cRow, float[] a, int ai, int aRow,
      int aK, float[] b, int bi, int bRow, int depth) {
    int c0 = ci, c1 = c0 + cRow, c2 = c1 + cRow, c3 = c2 + cRow, c4 = c3 + cRow, c5 = c4 + cRow, c6 = c5 + cRow, c7 = c6 + cRow;
    int a0 = ai, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow, a4 = a3 + aRow, a5 = a4 + aRow, a6 = a5 + aRow, a7 = a6 + aRow;
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00;
    FloatVector c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
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

  static void tile8x1(float[] c, int ci, int cRow, float[] a, int ai, int aRow,
      int aK, float[] b, int bi, int bRow, int depth) {
    int c0 = ci, c1 = c0 + cRow, c2 = c1 + cRow, c3 = c2 + cRow, c4 = c3 + cRow, c5 = c4 + cRow, c6 = c5 + cRow, c7 = c6 + cRow;
    int a0 = ai, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow, a4 = a3 + aRow, a5 = a4 + aRow, a6 = a5 + aRow, a7 = a6 + aRow;
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c10 = c00, c20 = c00, c30 = c00, c40 = c00, c50 = c00, c60 = c00, c70 = c00;
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
    c00.intoArray(c, c0);
    c10.intoArray(c, c1);
    c20.intoArray(c, c2);
    c30.intoArray(c, c3);
    c40.intoArray(c, c4);
    c50.intoArray(c, c5);
    c60.intoArray(c, c6);
    c70.intoArray(c, c7);
  }
}
