package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API path of {@link Dense}: always 8 lanes (SPECIES_256, never the preferred species,
 * whose width varies by CPU and would change the summation order). Loaded only when the
 * {@code jdk.incubator.vector} module is present. Computes exactly {@link DenseScalar}'s arithmetic.
 */
final class DenseVector {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

  private DenseVector() {}

  /** Without 256-bit hardware vectors the Vector API would emulate lanes, slower than scalar code. */
  static boolean hardwareHas256BitVectors() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
  }

  static void forward(float[] z, float[] x, float[] params, int wOff, int bOff,
      int batch, int in, int out) {
    DenseShapes.checkForward(z, x, params, wOff, bOff, batch, in, out);
    int in8 = in - in % 8;
    for (int b = 0; b < batch; b++) {
      int xRow = b * in;
      for (int o = 0; o < out; o++) {
        int wRow = wOff + o * in;
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < in8; i += 8) {
          acc = FloatVector.fromArray(S, x, xRow + i).fma(FloatVector.fromArray(S, params, wRow + i), acc);
        }
        float s = LaneSum.of(acc);
        for (int i = in8; i < in; i++) {
          s = Math.fma(x[xRow + i], params[wRow + i], s);
        }
        z[b * out + o] = s + params[bOff + o];
      }
    }
  }

  static void backward(float[] dx, float[] grad, float[] dz, float[] x, float[] params,
      int wOff, int bOff, int batch, int in, int out) {
    DenseShapes.checkBackward(dx, grad, dz, x, params, wOff, bOff, batch, in, out);
    DenseScalar.biasGradient(grad, dz, bOff, batch, out);
    int in8 = in - in % 8;
    for (int o = 0; o < out; o++) {
      int gRow = wOff + o * in;
      for (int i = 0; i < in8; i += 8) {
        FloatVector acc = FloatVector.zero(S);
        for (int b = 0; b < batch; b++) {
          acc = FloatVector.broadcast(S, dz[b * out + o]).fma(FloatVector.fromArray(S, x, b * in + i), acc);
        }
        FloatVector.fromArray(S, grad, gRow + i).add(acc).intoArray(grad, gRow + i);
      }
      for (int i = in8; i < in; i++) {
        float s = 0;
        for (int b = 0; b < batch; b++) {
          s = Math.fma(dz[b * out + o], x[b * in + i], s);
        }
        grad[gRow + i] += s;
      }
    }
    if (dx == null) {
      return;
    }
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < in8; i += 8) {
        FloatVector acc = FloatVector.zero(S);
        for (int o = 0; o < out; o++) {
          acc = FloatVector.broadcast(S, dz[b * out + o]).fma(FloatVector.fromArray(S, params, wOff + o * in + i), acc);
        }
        acc.intoArray(dx, b * in + i);
      }
      for (int i = in8; i < in; i++) {
        float s = 0;
        for (int o = 0; o < out; o++) {
          s = Math.fma(dz[b * out + o], params[wOff + o * in + i], s);
        }
        dx[b * in + i] = s;
      }
    }
  }
}
