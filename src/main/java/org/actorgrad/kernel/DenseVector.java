package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;

/**
 * The Vector API path of {@link Dense}: always 8 lanes (SPECIES_256, never the preferred species,
 * whose width varies by CPU and would change the summation order). Only loaded when the
 * {@code jdk.incubator.vector} module is present. Computes exactly {@link DenseScalar}'s arithmetic.
 */
final class DenseVector {
  private DenseVector() {}

  /** Without 256-bit hardware vectors the Vector API would emulate lanes, slower than scalar code. */
  static boolean hardwareHas256BitVectors() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
  }

  static void forward(float[] z, float[] x, float[] params, int wOff, int bOff,
      int batch, int in, int out) {
    DenseShapes.checkForward(z, x, params, wOff, bOff, batch, in, out);
    DenseVectorForward.forward(z, x, params, wOff, bOff, batch, in, out);
  }

  static void backward(float[] dx, float[] grad, float[] dz, float[] x, float[] params,
      int wOff, int bOff, int batch, int in, int out) {
    DenseShapes.checkBackward(dx, grad, dz, x, params, wOff, bOff, batch, in, out);
    DenseVectorBackward.backward(dx, grad, dz, x, params, wOff, bOff, batch, in, out);
  }
}
