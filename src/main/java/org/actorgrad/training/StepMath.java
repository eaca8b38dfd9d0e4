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
   * of which worker computed which partition. The first two partitions are added and the sum is
   * divided in the passes that write {@code out}: the coordinator does this every step, over the
   * whole gradient, between two sends.
   *
   * @return true when every value of {@code out} is finite: a NaN or infinity stops the run at
   *     the step it appears
   */
  public static boolean meanGradient(float[] out, float[][] partitionGradients, int count) {
    if (count <= 0) {
      throw new IllegalArgumentException("a step needs at least one sample, got " + count);
    }
    int n = out.length;
    float[] first = partitionGradients[0];
    if (partitionGradients.length == 1) {
      System.arraycopy(first, 0, out, 0, n);
    } else {
      float[] second = partitionGradients[1];
      for (int i = 0; i < n; i++) {
        out[i] = first[i] + second[i];
      }
    }
    for (int p = 2; p < partitionGradients.length; p++) {
      float[] g = partitionGradients[p];
      for (int i = 0; i < n; i++) {
        out[i] += g[i];
      }
    }
    // A NaN or an infinity has all 8 exponent bits set, and only then does adding 1 to the
    // exponent carry into the sign bit. OR-ing that bit over all values, with no branch and no
    // early exit, keeps the loop one the JIT vectorises.
    float c = count;
    int carry = 0;
    for (int i = 0; i < n; i++) {
      float v = out[i] / c;
      out[i] = v;
      carry |= (Float.floatToRawIntBits(v) & 0x7f800000) + 0x00800000;
    }
    return carry >= 0;
  }
}
