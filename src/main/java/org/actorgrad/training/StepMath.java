package org.actorgrad.training;

import org.actorgrad.kernel.Dense;

/**
 * The one place where partition gradients become the step's gradient. Whoever trains (actors,
 * a cluster, the sequential reference in the tests) calls this, so the floats are the same.
 */
public final class StepMath {
  // The kernel's choice (Dense.path): the Vector API when its module is present and not turned off.
  private static final boolean VECTOR = Dense.path().startsWith("vector");

  private StepMath() {}

  /**
   * out (N) = (g[0] + g[1] + ... + g[P-1]) / count, summed strictly in partition order, element by
   * element. Float addition is not associative: a fixed order is what makes the result independent
   * of which worker computed which partition. The last addition and the division share one pass
   * (each element sees the same operations in the same order as with a pass each): with two
   * partitions, the whole mean is one pass over the arrays, which the JIT vectorises.
   */
  public static void meanGradient(float[] out, float[][] partitionGradients, int count) {
    if (count <= 0) {
      throw new IllegalArgumentException("a step needs at least one sample, got " + count);
    }
    int n = out.length;
    float c = count;
    int last = partitionGradients.length - 1;
    float[] sum = partitionGradients[0];
    if (last == 0) {
      for (int i = 0; i < n; i++) {
        out[i] = sum[i] / c;
      }
      return;
    }
    for (int p = 1; p < last; p++) {
      float[] g = partitionGradients[p];
      for (int i = 0; i < n; i++) {
        out[i] = sum[i] + g[i];
      }
      sum = out;
    }
    float[] g = partitionGradients[last];
    for (int i = 0; i < n; i++) {
      out[i] = (sum[i] + g[i]) / c;
    }
  }

  /**
   * {@link #meanGradient} and {@link #allFinite} of its result in one pass: out (N) = the mean,
   * element by element with the same operations in the same order (so the same bits), and true
   * when every element of it is finite. One pass instead of two: the step's apply is serial
   * between steps while the compute threads wait, and its cost is memory traffic.
   *
   * @throws IllegalArgumentException when count is not positive
   */
  public static boolean meanGradientAllFinite(float[] out, float[][] partitionGradients, int count) {
    if (count <= 0) {
      throw new IllegalArgumentException("a step needs at least one sample, got " + count);
    }
    int n = out.length;
    float c = count;
    int last = partitionGradients.length - 1;
    float[] sum = partitionGradients[0];
    for (int p = 1; p < last; p++) {
      float[] g = partitionGradients[p];
      for (int i = 0; i < n; i++) {
        out[i] = sum[i] + g[i];
      }
      sum = out;
    }
    float[] g = last == 0 ? null : partitionGradients[last];
    int carry = VECTOR ? StepMathVector.lastPass(out, sum, g, c, n) : lastPass(out, sum, g, c, n);
    return carry >= 0;
  }

  /**
   * The scalar {@link StepMathVector#lastPass}: the same operations, one element at a time; the
   * same contract. Package-private for the test that holds both paths to the same bits.
   */
  static int lastPass(float[] out, float[] sum, float[] g, float c, int n) {
    int carry = 0; // as in allFinite
    if (g == null) {
      for (int i = 0; i < n; i++) {
        float m = sum[i] / c;
        out[i] = m;
        carry |= (Float.floatToRawIntBits(m) & 0x7f800000) + 0x00800000;
      }
    } else {
      for (int i = 0; i < n; i++) {
        float m = (sum[i] + g[i]) / c;
        out[i] = m;
        carry |= (Float.floatToRawIntBits(m) & 0x7f800000) + 0x00800000;
      }
    }
    return carry;
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
