package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DenseVectorTiles}' tiles in their accumulating form: C[r, j] = C[r, j] + the chain over k
 * of A[r, k] · B[k, j] started at zero (a backward's dW summed over samples). Same arguments, same
 * sums. A form of its own rather than a flag: a tile that both stored and added had a branch that
 * C2 compiled from its first calls' profile (forwards: store only); the first accumulating call then
 * threw that code out (unstable_if), and the recompiled tile could box every accumulator on the heap
 * (a CNN step at ~140 ms and 2.2 GB allocated instead of ~20 ms: bench/cnn-jit-trap.sh).
 * Generated from {@link DenseVectorTiles}, like it.
 */
final class DenseVectorTilesAdd {
  private static final VectorSpecies<Float> S = DenseVectorProduct.S;
  private static final int L = DenseVectorProduct.L;

  private DenseVectorTilesAdd() {}

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
    c00 = c00.add(FloatVector.fromArray(S, c, c0));
    c01 = c01.add(FloatVector.fromArray(S, c, c0 + L));
    c10 = c10.add(FloatVector.fromArray(S, c, c1));
    c11 = c11.add(FloatVector.fromArray(S, c, c1 + L));
    c20 = c20.add(FloatVector.fromArray(S, c, c2));
    c21 = c21.add(FloatVector.fromArray(S, c, c2 + L));
    c30 = c30.add(FloatVector.fromArray(S, c, c3));
    c31 = c31.add(FloatVector.fromArray(S, c, c3 + L));
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
    c00 = c00.add(FloatVector.fromArray(S, c, c0));
    c10 = c10.add(FloatVector.fromArray(S, c, c1));
    c20 = c20.add(FloatVector.fromArray(S, c, c2));
    c30 = c30.add(FloatVector.fromArray(S, c, c3));
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
    c00 = c00.add(FloatVector.fromArray(S, c, c0));
    c00.intoArray(c, c0);
  }
}
