package org.actorgrad.training;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The last pass of {@link StepMath#meanGradientAllFinite} on the Vector API: C2 does not
 * vectorise the scalar loop that stores the mean and ORs its exponent bits in the same pass (it
 * ran at about 0.9 ns per element against 0.15 for the mean alone, StepApplyBenchmark). Each lane
 * does the scalar loop's operations (one IEEE addition, one IEEE division), so the bits are the
 * same. Only named behind {@link StepMath}'s check that the module is present.
 */
final class StepMathVector {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private StepMathVector() {}

  /**
   * out[i] = (sum[i] + g[i]) / c for i in [0, n), or sum[i] / c when g is null; returns a negative
   * number when a value of out is not finite, else zero or more.
   */
  static int lastPass(float[] out, float[] sum, float[] g, float c, int n) {
    FloatVector divisor = FloatVector.broadcast(SPECIES, c);
    // m * 0 is NaN exactly when m is NaN or infinite (otherwise a zero), and a NaN stays in the
    // sum: a lane-wise sum of those flags every value. The exponent-bit OR of the scalar loop,
    // written with IntVector, ran no faster than the scalar loop on Java 17 (reinterpretAsInts).
    FloatVector flags = FloatVector.zero(SPECIES);
    int i = 0;
    int bound = SPECIES.loopBound(n);
    int lanes = SPECIES.length();
    if (g == null) {
      for (; i < bound; i += lanes) {
        FloatVector m = FloatVector.fromArray(SPECIES, sum, i).div(divisor);
        m.intoArray(out, i);
        flags = flags.add(m.mul(0f));
      }
    } else {
      for (; i < bound; i += lanes) {
        FloatVector m = FloatVector.fromArray(SPECIES, sum, i).add(FloatVector.fromArray(SPECIES, g, i)).div(divisor);
        m.intoArray(out, i);
        flags = flags.add(m.mul(0f));
      }
    }
    int tail = 0;
    for (; i < n; i++) {
      float m = g == null ? sum[i] / c : (sum[i] + g[i]) / c;
      out[i] = m;
      tail |= (Float.floatToRawIntBits(m) & 0x7f800000) + 0x00800000;
    }
    return (Float.isNaN(flags.reduceLanes(VectorOperators.ADD)) ? -1 : 0) | tail;
  }
}
