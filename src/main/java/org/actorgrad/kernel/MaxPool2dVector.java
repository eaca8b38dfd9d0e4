package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MaxPool2d#forward} on the Vector API path: L outputs at a time, the running maxima and
 * winners kept by compare and blend. The scalar loop's comparison is a data-dependent branch
 * (taken or not on about every other window of a ReLU's output): it cost ~70 cycles per output,
 * longer than the conv product before it. The same rule in the same window order gives the same
 * bits: v wins where {@code !(v <= max)} and v is a number, so ties keep the first and a NaN never
 * wins against a number.
 *
 * <p>Column strides 1 and 2 (every common pool) stream over the input rows: L outputs of one
 * output row read each window element with one load (stride 1) or two loads whose even lanes are
 * kept (stride 2). Other strides gather each window element through an index map; gathers cost
 * ~80 cycles each on the machines measured, which made the MNIST CNN's first pool take longer
 * than its first conv layer's forward.
 * Only loaded when the {@code jdk.incubator.vector} module is present.
 */
final class MaxPool2dVector {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED.length() >= 16
      ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;
  private static final VectorSpecies<Integer> I = S.length() == 16 ? IntVector.SPECIES_512 : IntVector.SPECIES_256;
  private static final int L = S.length();
  /**
   * The even lanes of two vectors a, b (2L consecutive inputs) as one: a.rearrange(EVEN) holds a's
   * in its low half, b.rearrange(EVEN) b's in its high half, blended by HIGH. (The two-vector
   * {@code rearrange(shuffle, v)} allocated on every call on Java 17, 5x slower.)
   */
  private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, j -> 2 * j % L);
  private static final VectorMask<Float> HIGH = VectorMask.fromLong(S, (1L << L) - (1L << L / 2));

  private MaxPool2dVector() {}

  /** As {@link MaxPool2d#forward(float[], int[], int, float[], int, Pool2dShape, int)} (checked there). */
  static void forward(float[] y, int[] argmax, int yOff, float[] x, int xOff, Pool2dShape s, int n) {
    if (s.strideCols() <= 2) {
      rows(y, argmax, yOff, x, xOff, s, n);
    } else {
      gathered(y, argmax, yOff, x, xOff, s, n);
    }
  }

  /**
   * Column strides 1 and 2: for each (sample, channel, output row), blocks of L outputs whose lanes
   * are consecutive output columns. A block's lanes past the row's end compute junk from the
   * following input (never read past x's end) and store it into the outputs that follow; those
   * are outputs of later rows, written after it, so the junk never survives. A block whose loads
   * would pass x's end, or whose stores would pass the n samples' outputs, runs lane by lane.
   */
  private static void rows(float[] y, int[] argmax, int yOff, float[] x, int xOff, Pool2dShape s, int n) {
    int width = s.cols(), plane = s.rows() * width, outRows = s.outRows(), outCols = s.outCols();
    int sw = s.strideCols(), sh = s.strideRows(), kernelRows = s.kernelRows(), kernelCols = s.kernelCols();
    int outputs = s.outputSize(), end = yOff + n * outputs, elements = kernelRows * kernelCols;
    // The farthest element a block's loads reach past its first window's origin, exclusive.
    int reach = (kernelRows - 1) * width + kernelCols - 1 + sw * L;
    for (int i = 0; i < n; i++) {
      int sample = xOff + i * s.inputSize();
      for (int c = 0; c < s.channels(); c++) {
        for (int oh = 0; oh < outRows; oh++) {
          int top = c * plane + oh * sh * width; // the row's first window origin, in the sample
          int out = yOff + i * outputs + (c * outRows + oh) * outCols;
          for (int ow = 0; ow < outCols; ow += L) {
            int first = top + ow * sw;
            if (sample + first + reach > x.length || out + ow + L > end) {
              window(y, argmax, x, s, sample, first, out + ow, Math.min(L, outCols - ow));
              continue;
            }
            // Lane j's window origin, first + j·SW: made per block, because a vector made once
            // before the loops was boxed (an allocation per call) by Java 17.
            IntVector origin = IntVector.broadcast(I, first).addIndex(sw);
            int at = sample + first;
            FloatVector max = sw == 1 ? FloatVector.fromArray(S, x, at)
                : FloatVector.fromArray(S, x, at).rearrange(EVEN)
                    .blend(FloatVector.fromArray(S, x, at + L).rearrange(EVEN), HIGH);
            IntVector best = origin;
            // One loop over the window in row-major order (kh, kw) = (t / KW, t % KW): with two
            // nested loops Java 17 kept max and best boxed on the heap (an allocation per element).
            int kw = 0, shift = 0;
            for (int t = 1; t < elements; t++) {
              // (kh, kw) = (t / KW, t % KW) counted along: a division per element cost more than the
              // element's compares.
              kw++;
              shift++;
              if (kw == kernelCols) {
                kw = 0;
                shift += width - kernelCols;
              }
              int a = at + shift;
              FloatVector v = sw == 1 ? FloatVector.fromArray(S, x, a)
                  : FloatVector.fromArray(S, x, a).rearrange(EVEN)
                      .blend(FloatVector.fromArray(S, x, a + L).rearrange(EVEN), HIGH);
              VectorMask<Float> wins = v.compare(VectorOperators.LE, max).not()
                  .and(v.compare(VectorOperators.EQ, v));
              max = max.blend(v, wins);
              best = best.blend(origin.add(shift), wins.cast(I));
            }
            max.intoArray(y, out + ow);
            best.intoArray(argmax, out + ow);
          }
        }
      }
    }
  }

  /** Outputs y[o .. o+count) of consecutive windows from origin {@code first} (in the sample), one by one. */
  private static void window(float[] y, int[] argmax, float[] x, Pool2dShape s, int sample, int first,
      int o, int count) {
    int width = s.cols();
    for (int j = 0; j < count; j++, first += s.strideCols()) {
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
      y[o + j] = max;
      argmax[o + j] = best;
    }
  }

  /**
   * Any column stride: the windows' first elements ("origins", one per
   * output of a sample) are written once into the last sample's argmax slots, which serve as the
   * gathers' index map: each block of outputs reads its origins before it overwrites them with
   * its winners, and the last sample is done last, so no buffer is needed beyond the caller's.
   */
  private static void gathered(float[] y, int[] argmax, int yOff, float[] x, int xOff, Pool2dShape s,
      int n) {
    int kernelCols = s.kernelCols(), elements = s.kernelRows() * kernelCols;
    int outputs = s.outputSize(), width = s.cols(), plane = s.rows() * width;
    int map = yOff + (n - 1) * outputs;
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
      int sample = xOff + i * s.inputSize(), out = yOff + i * outputs;
      for (o = 0; o < blocks; o += L) {
        IntVector origin = IntVector.fromArray(I, argmax, map + o);
        FloatVector max = FloatVector.fromArray(S, x, sample, argmax, map + o);
        IntVector best = origin;
        // One flat loop over the window, as in rows(): nested loops kept the vectors boxed.
        for (int t = 1; t < elements; t++) {
          int kh = t / kernelCols;
          int shift = kh * width + t - kh * kernelCols;
          FloatVector v = FloatVector.fromArray(S, x, sample + shift, argmax, map + o);
          VectorMask<Float> wins = v.compare(VectorOperators.LE, max).not()
              .and(v.compare(VectorOperators.EQ, v));
          max = max.blend(v, wins);
          best = best.blend(origin.add(shift), wins.cast(I));
        }
        max.intoArray(y, out + o);
        best.intoArray(argmax, out + o);
      }
      // The tail, one window each (its origin read before its winner overwrites the slot).
      for (o = blocks; o < outputs; o++) {
        window(y, argmax, x, s, sample, argmax[map + o], out + o, 1);
      }
    }
  }
}
