package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Column sums of a row-major matrix, L columns at a time: each column's sum one chain from +0
 * over the rows in increasing order, exactly the scalar loop's. {@link Conv2d} takes a sample's
 * bias gradient from dz transposed (positions, OC) this way, where summing dz's rows (OC,
 * positions) ran eight latency-bound scalar chains (4% of a CNN step).
 * Only loaded when the {@code jdk.incubator.vector} module is present.
 */
final class ColumnSumsVector {
  private static final VectorSpecies<Float> S = DenseVectorProduct.S;
  private static final int L = DenseVectorProduct.L;

  private ColumnSumsVector() {}

  /** out[j] = Σ_{r < rows} t[r·stride + j], from +0 in increasing r, for j < stride (a multiple of L). */
  static void sums(float[] out, float[] t, int rows, int stride) {
    int j = 0;
    // Four vectors of columns at a time: four independent chains, where one waits on each add.
    for (; j + 4 * L <= stride; j += 4 * L) {
      FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
      for (int r = 0, at = j; r < rows; r++, at += stride) {
        a0 = a0.add(FloatVector.fromArray(S, t, at));
        a1 = a1.add(FloatVector.fromArray(S, t, at + L));
        a2 = a2.add(FloatVector.fromArray(S, t, at + 2 * L));
        a3 = a3.add(FloatVector.fromArray(S, t, at + 3 * L));
      }
      a0.intoArray(out, j);
      a1.intoArray(out, j + L);
      a2.intoArray(out, j + 2 * L);
      a3.intoArray(out, j + 3 * L);
    }
    if (j + 2 * L <= stride) { // two at a time (the first conv layer's 32 filters on 16 lanes)
      FloatVector a0 = FloatVector.zero(S), a1 = a0;
      for (int r = 0, at = j; r < rows; r++, at += stride) {
        a0 = a0.add(FloatVector.fromArray(S, t, at));
        a1 = a1.add(FloatVector.fromArray(S, t, at + L));
      }
      a0.intoArray(out, j);
      a1.intoArray(out, j + L);
      j += 2 * L;
    }
    for (; j < stride; j += L) {
      FloatVector acc = FloatVector.zero(S);
      for (int r = 0, at = j; r < rows; r++, at += stride) {
        acc = acc.add(FloatVector.fromArray(S, t, at));
      }
      acc.intoArray(out, j);
    }
  }
}
