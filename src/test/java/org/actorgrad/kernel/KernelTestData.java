package org.actorgrad.kernel;

import org.actorgrad.random.SeededRandom;

/** Random buffers for kernel tests: uniform in [-scale, scale), reproducible per seed. */
final class KernelTestData {
  private KernelTestData() {}

  static float[] uniform(SeededRandom rng, int n, float scale) {
    float[] a = new float[n];
    for (int k = 0; k < n; k++) {
      a[k] = (2f * rng.nextFloat() - 1f) * scale;
    }
    return a;
  }

  static int[] labels(SeededRandom rng, int batch, int classes) {
    int[] y = new int[batch];
    for (int b = 0; b < batch; b++) {
      y[b] = rng.nextInt(classes);
    }
    return y;
  }
}
