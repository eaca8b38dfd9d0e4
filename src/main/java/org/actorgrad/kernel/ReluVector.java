package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * ReLU forward and backward for {@link Activation} on the Vector API path, by compare and blend:
 * the scalar loops' {@code z > 0 ? ... : 0} is a data-dependent branch that the JIT leaves as a
 * branch, mispredicted on about every other pixel of a conv layer's output (4 ns per element, as
 * long as the whole conv product). Same selection, so the same bits: z where z > 0, else +0 (NaN
 * and -0 included). Only loaded when the {@code jdk.incubator.vector} module is present.
 */
final class ReluVector {
  private static final VectorSpecies<Float> S = DenseVectorProduct.S;
  private static final int L = DenseVectorProduct.L;

  private ReluVector() {}

  /** a[k] = z[k] > 0 ? z[k] : 0 for k < n. */
  static void forward(float[] a, float[] z, int n) {
    FloatVector zero = FloatVector.zero(S);
    int k = 0;
    for (; k + L <= n; k += L) {
      FloatVector v = FloatVector.fromArray(S, z, k);
      VectorMask<Float> positive = v.compare(VectorOperators.GT, 0f);
      zero.blend(v, positive).intoArray(a, k);
    }
    for (; k < n; k++) {
      a[k] = z[k] > 0f ? z[k] : 0f;
    }
  }

  /** dz[k] = z[k] > 0 ? da[k] : 0 for k < n. */
  static void backward(float[] dz, float[] da, float[] z, int n) {
    FloatVector zero = FloatVector.zero(S);
    int k = 0;
    for (; k + L <= n; k += L) {
      VectorMask<Float> positive = FloatVector.fromArray(S, z, k).compare(VectorOperators.GT, 0f);
      zero.blend(FloatVector.fromArray(S, da, k), positive).intoArray(dz, k);
    }
    for (; k < n; k++) {
      dz[k] = z[k] > 0f ? da[k] : 0f;
    }
  }
}
