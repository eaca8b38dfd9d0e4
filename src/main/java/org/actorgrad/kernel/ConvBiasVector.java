package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The last pass of {@link Conv2d#forward} on the Vector API path: one sample's product rows plus
 * their filter's bias into z, and with a ReLU after the layer its output too, in the same pass. The
 * scalar loop took ~1 ns a float (0.4 ms of the MNIST CNN's second conv layer per batch of 64), and
 * the ReLU's own pass read z back from memory (a batch of the first layer's z is 5.5 MB). The same
 * operations per float as the scalar path: one float addition, then ReLU's {@code z > 0 ? z : 0}.
 * Only loaded when the {@code jdk.incubator.vector} module is present.
 */
final class ConvBiasVector {
  private static final VectorSpecies<Float> S = DenseVectorProduct.S;
  private static final int L = DenseVectorProduct.L;

  private ConvBiasVector() {}

  /**
   * z[zOff + o·positions + p] = out[o·stride + p] + params[bOff + o] for o < filters, p < positions,
   * unless z is null, and, when relu is not null, relu[the same index] = that z if it is > 0, else +0.
   */
  static void rows(float[] z, float[] relu, int zOff, float[] out, int stride, float[] params, int bOff,
      int filters, int positions) {
    FloatVector zero = FloatVector.zero(S);
    int whole = positions - positions % L;
    for (int o = 0; o < filters; o++) {
      FloatVector bias = FloatVector.broadcast(S, params[bOff + o]);
      int from = o * stride, to = zOff + o * positions;
      for (int p = 0; p < whole; p += L) {
        FloatVector v = FloatVector.fromArray(S, out, from + p).add(bias);
        if (z != null) {
          v.intoArray(z, to + p);
        }
        if (relu != null) {
          zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(relu, to + p);
        }
      }
      if (whole == positions) {
        continue;
      }
      if (whole > 0) {
        // The tail as the row's last whole vector, over floats already written: they get the same
        // values again (a masked load or store runs lane by lane and allocates on Java 17).
        int p = positions - L;
        FloatVector v = FloatVector.fromArray(S, out, from + p).add(bias);
        if (z != null) {
          v.intoArray(z, to + p);
        }
        if (relu != null) {
          zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(relu, to + p);
        }
        continue;
      }
      Conv2d.biasRow(z, relu, to, out, from, params[bOff + o], positions); // shorter than a vector
    }
  }
}
