package org.actorgrad.kernel;

import org.actorgrad.random.SeededRandom;

/**
 * Prints Dense's path and a hash of the bits of one forward and backward on fixed random data.
 * DenseWithoutVectorModuleTest runs it in a child JVM started without jdk.incubator.vector.
 */
public final class DenseFingerprintMain {
  static final int BATCH = 5, IN = 37, OUT = 11;

  private DenseFingerprintMain() {}

  public static void main(String[] args) {
    System.out.println(Dense.path() + " " + Long.toHexString(fingerprint(true)));
  }

  /** Runs Dense (dense == true) or DenseScalar and hashes z, grad and dx. */
  static long fingerprint(boolean dense) {
    SeededRandom rng = new SeededRandom(5);
    float[] p = KernelTestData.uniform(rng, IN * OUT + OUT, 0.5f);
    float[] x = KernelTestData.uniform(rng, BATCH * IN, 1f);
    float[] z = new float[BATCH * OUT];
    float[] grad = new float[p.length];
    float[] dx = new float[BATCH * IN];
    if (dense) {
      Dense.forward(z, x, p, 0, IN * OUT, BATCH, IN, OUT);
      Dense.backward(dx, grad, z, x, p, 0, IN * OUT, BATCH, IN, OUT);
    } else {
      DenseScalar.forward(z, x, p, 0, IN * OUT, BATCH, IN, OUT);
      DenseScalar.backward(dx, grad, z, x, p, 0, IN * OUT, BATCH, IN, OUT);
    }
    long h = 17;
    for (float[] a : new float[][] {z, grad, dx}) {
      for (float f : a) {
        h = h * 31 + Float.floatToRawIntBits(f);
      }
    }
    return h;
  }
}
