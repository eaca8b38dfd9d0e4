package org.actorgrad.training;

/**
 * The one place where partition gradients become the step's gradient. Whoever trains (actors,
 * a cluster, the sequential reference in the tests) calls this, so the floats are the same.
 */
public final class StepMath {
  private StepMath() {}

  /**
   * out (N) = (g[0] + g[1] + ... + g[P-1]) / count, summed strictly in partition order, element by
   * element. Float addition is not associative: a fixed order is what makes the result independent
   * of which worker computed which partition.
   */
  public static void meanGradient(float[] out, float[][] partitionGradients, int count) {
    if (count <= 0) {
      throw new IllegalArgumentException("a step needs at least one sample, got " + count);
    }
    int n = out.length;
    System.arraycopy(partitionGradients[0], 0, out, 0, n);
    for (int p = 1; p < partitionGradients.length; p++) {
      float[] g = partitionGradients[p];
      for (int i = 0; i < n; i++) {
        out[i] += g[i];
      }
    }
    float c = count;
    for (int i = 0; i < n; i++) {
      out[i] /= c;
    }
  }

  /** True when every value is finite: a NaN or infinity stops the run at the step it appears. */
  public static boolean allFinite(float[] values) {
    // A NaN or an infinity has all 8 exponent bits set, and only then does adding 1 to the
    // exponent carry into the sign bit. OR-ing that bit over all values, with no branch and no
    // early exit, is a loop the JIT vectorises: it runs over the whole gradient every step.
    int carry = 0;
    for (float v : values) {
      carry |= (Float.floatToRawIntBits(v) & 0x7f800000) + 0x00800000;
    }
    return carry >= 0;
  }
}
