package org.actorgrad.kernel;

/** One row of softmax and its Jacobian-vector product, shared by {@link Activation} and {@link Losses}. */
final class Softmax {
  private Softmax() {}

  /**
   * p[off..off+n) = softmax(z[off..off+n)), max-subtracted so large logits cannot overflow; exps
   * in double with StrictMath, summed in increasing index. Returns the sum of exps (≥ 1, for log-sum-exp).
   */
  static double row(float[] p, float[] z, int off, int n) {
    float max = z[off];
    for (int j = 1; j < n; j++) {
      max = Math.max(max, z[off + j]);
    }
    double sum = 0;
    for (int j = 0; j < n; j++) {
      sum += StrictMath.exp((double) z[off + j] - max);
    }
    double inv = 1.0 / sum;
    for (int j = 0; j < n; j++) {
      p[off + j] = (float) (StrictMath.exp((double) z[off + j] - max) * inv);
    }
    return sum;
  }

  /** dz = a ⊙ (da - Σ_j da_j a_j) over one row; the dot product in double, increasing j. */
  static void rowBackward(float[] dz, float[] da, float[] a, int off, int n) {
    double dot = 0;
    for (int j = 0; j < n; j++) {
      dot += (double) da[off + j] * a[off + j];
    }
    for (int j = 0; j < n; j++) {
      dz[off + j] = (float) (a[off + j] * (da[off + j] - dot));
    }
  }
}
