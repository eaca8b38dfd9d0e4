package org.actorgrad.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API path of {@link Pixels}: L bytes widened to L ints (sign-extended, then masked to
 * 0..255), converted to floats exactly and divided by 255f lane by lane. Only loaded when the
 * {@code jdk.incubator.vector} module is present.
 */
final class PixelsVector {
  private static final VectorSpecies<Float> S = DenseVectorProduct.S;
  private static final int L = DenseVectorProduct.L;
  private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, S.vectorShape());
  private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(L * 8));

  private PixelsVector() {}

  /** Scales whole vectors of pixels; returns how many (a multiple of L), the rest left to the caller. */
  static int scale(byte[] src, int srcOff, float[] dst, int dstOff, int n) {
    FloatVector max = FloatVector.broadcast(S, 255f);
    int k = 0;
    for (; k + L <= n; k += L) {
      IntVector ints = (IntVector) ByteVector.fromArray(BYTES, src, srcOff + k).convertShape(VectorOperators.B2I, INTS, 0);
      FloatVector values = (FloatVector) ints.and(0xFF).convertShape(VectorOperators.I2F, S, 0);
      values.div(max).intoArray(dst, dstOff + k);
    }
    return k;
  }
}
