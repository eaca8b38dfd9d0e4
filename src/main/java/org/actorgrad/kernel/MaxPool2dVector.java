package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MaxPool2d#forward} on the Vector API path: L outputs at a time, each window element
 * gathered for all of them, the running maxima and winners kept by compare and blend. The scalar
 * loop's comparison is a data-dependent branch (taken or not on about every other window of a
 * ReLU's output): it cost ~70 cycles per output, longer than the conv product before it.
 * The same rule in the same window order gives the same bits: v wins where {@code !(v <= max)}
 * and v is a number, so ties keep the first and a NaN never wins against a number.
 * Only loaded when the {@code jdk.incubator.vector} module is present.
 */
final class MaxPool2dVector {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED.length() >= 16
      ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;
  private static final VectorSpecies<Integer> I = S.length() == 16 ? IntVector.SPECIES_512 : IntVector.SPECIES_256;
  private static final int L = S.length();

  private MaxPool2dVector() {}

  /**
   * As {@link MaxPool2d#forward} (checked there). The windows' first elements ("origins", one per
   * output of a sample) are written once into the last sample's argmax slots, which serve as the
   * gathers' index map: each block of outputs reads its origins before it overwrites them with
   * its winners, and the last sample is done last, so no buffer is needed beyond the caller's.
   */
  static void forward(float[] y, int[] argmax, float[] x, Pool2dShape s, int n) {
    int outputs = s.outputSize(), width = s.cols(), plane = s.rows() * width;
    int map = (n - 1) * outputs;
    int o = 0;
    for (int c = 0; c < s.channels(); c++) {
      for (int oh = 0; oh < s.outRows(); oh++) {
        int top = c * plane + oh * s.strideRows() * width;
        for (int ow = 0; ow < s.outCols(); ow++, o++) {
          argmax[map + o] = top + ow * s.strideCols();
        }
      }
    }
    int blocks = outputs - outputs % L;
    for (int i = 0; i < n; i++) {
      int sample = i * s.inputSize(), out = i * outputs;
      for (o = 0; o < blocks; o += L) {
        IntVector origin = IntVector.fromArray(I, argmax, map + o);
        FloatVector max = FloatVector.fromArray(S, x, sample, argmax, map + o);
        IntVector best = origin;
        for (int kh = 0; kh < s.kernelRows(); kh++) {
          for (int kw = kh == 0 ? 1 : 0; kw < s.kernelCols(); kw++) {
            int shift = kh * width + kw;
            FloatVector v = FloatVector.fromArray(S, x, sample + shift, argmax, map + o);
            VectorMask<Float> wins = v.compare(VectorOperators.LE, max).not()
                .and(v.compare(VectorOperators.EQ, v));
            max = max.blend(v, wins);
            best = best.blend(origin.add(shift), wins.cast(I));
          }
        }
        max.intoArray(y, out + o);
        best.intoArray(argmax, out + o);
      }
      for (o = blocks; o < outputs; o++) {
        int first = argmax[map + o];
        float max = x[sample + first];
        int best = first;
        for (int kh = 0; kh < s.kernelRows(); kh++) {
          int line = first + kh * width;
          for (int kw = 0; kw < s.kernelCols(); kw++) {
            float v = x[sample + line + kw];
            boolean wins = !(v <= max) & v == v;
            max = wins ? v : max;
            best = wins ? line + kw : best;
          }
        }
        y[out + o] = max;
        argmax[out + o] = best;
      }
    }
  }
}
