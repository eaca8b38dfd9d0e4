package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Im2col#transposed}'s patch rows for stride 1 without padding, on the Vector API path. Such
 * a row is OH runs of OW consecutive input floats (11 for the MNIST CNN's second layer, 26 for its
 * first): {@code System.arraycopy} of so few floats cost ~5 ns a call, and im2col took a quarter of
 * the second layer's forward (bench/cnn-cputime.sh). Here a run is copied a vector at a time, its
 * last vector whole: the floats it carries past the run land where the next run (or, after the
 * last run, the row's zero padding, written by the caller afterwards) then writes. Copies only: the
 * same floats as the scalar path. Only loaded when the {@code jdk.incubator.vector} module is present.
 */
final class Im2colVector {
  private static final VectorSpecies<Float> S = DenseVectorProduct.S;
  private static final int L = DenseVectorProduct.L;

  private Im2colVector() {}

  /**
   * colsT[dst + oh·outCols + ow] = x[src + oh·width + ow] for oh < outRows, ow < outCols; may write
   * junk to colsT[dst + outRows·outCols .. + L − 1), but never at or past {@code limit}, and never
   * reads x at or past its end.
   */
  static void row(float[] colsT, int dst, float[] x, int src, int outRows, int outCols, int width,
      int limit) {
    int loadEnd = x.length - L, storeEnd = limit - L;
    if (outCols <= L) { // one vector a run (the MNIST CNN's second layer): no inner loop
      int oh = 0;
      for (; oh < outRows && src <= loadEnd && dst <= storeEnd; oh++, src += width, dst += outCols) {
        FloatVector.fromArray(S, x, src).intoArray(colsT, dst);
      }
      outRows -= oh; // the rest, at the end of x or of the rows, below
    }
    for (int oh = 0; oh < outRows; oh++, src += width, dst += outCols) {
      int j = 0;
      if (src + outCols - 1 + L <= x.length && dst + outCols - 1 + L <= limit) { // no bound met
        for (; j < outCols; j += L) {
          FloatVector.fromArray(S, x, src + j).intoArray(colsT, dst + j);
        }
        continue;
      }
      for (; j < outCols && src + j <= loadEnd && dst + j <= storeEnd; j += L) {
        FloatVector.fromArray(S, x, src + j).intoArray(colsT, dst + j);
      }
      for (; j < outCols; j++) { // at the end of x or of the rows: float by float
        colsT[dst + j] = x[src + j];
      }
    }
  }
}
