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
    for (float v : values) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
