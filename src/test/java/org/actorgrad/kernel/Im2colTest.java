package org.actorgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;

/**
 * Im2col.transposed against its definition (Im2col's class comment), written out with no shortcut:
 * every float of the rows it owns written, nothing past them touched, on every geometry of
 * Conv2dTest's cases and with the sample last in x (the vector runs' loads meet x's end there).
 */
class Im2colTest {
  @Test
  void patchesMatchTheDefinitionAndNothingPastTheRowsIsWritten() {
    SeededRandom rng = new SeededRandom(5);
    for (int[] c : Conv2dTest.CASES) {
      Conv2dShape s = Conv2dShape.of(c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9] == 1);
      int n = c[0];
      float[] x = withZeros(KernelTestData.uniform(rng, n * s.inputSize(), 1f));
      for (int stride : new int[] {s.positions(), s.positions() + 3, (int) Conv2dWorkspace.positionsPadded(s)}) {
        for (int i = 0; i < n; i++) {
          int end = s.patchSize() * stride;
          float[] colsT = new float[end + 40];
          java.util.Arrays.fill(colsT, Float.NaN); // every float of the rows must be written
          Im2col.transposed(colsT, stride, x, i * s.inputSize(), s);
          String what = java.util.Arrays.toString(c) + " stride " + stride + " sample " + i;
          for (int k = 0; k < s.patchSize(); k++) {
            for (int p = 0; p < stride; p++) {
              assertEquals(Float.floatToRawIntBits(expected(x, i, s, k, p)),
                  Float.floatToRawIntBits(colsT[k * stride + p]), what + " k " + k + " p " + p);
            }
          }
          for (int j = end; j < colsT.length; j++) {
            assertEquals(Float.NaN, colsT[j], 0f, what + ": written past the rows at " + j);
          }
        }
      }
    }
  }

  @Test
  void aVectorRowCopiesItsRunsAndNeverWritesAtTheLimitNorReadsPastX() {
    SeededRandom rng = new SeededRandom(6);
    for (int outCols = 1; outCols <= 40; outCols += 3) {
      for (int outRows = 1; outRows <= 3; outRows++) {
        int width = outCols + 2, length = outRows * outCols;
        float[] x = withZeros(KernelTestData.uniform(rng, (outRows - 1) * width + outCols + 5, 1f));
        for (int src : new int[] {0, 5}) { // 5: the last run ends at x's end
          for (int limit : new int[] {length, length + 1, length + 15, length + 40}) {
            float[] colsT = new float[limit + 20];
            java.util.Arrays.fill(colsT, -7f);
            Im2colVector.row(colsT, 0, x, src, outRows, outCols, width, limit);
            String what = outRows + "x" + outCols + " src " + src + " limit " + limit;
            for (int p = 0; p < length; p++) {
              assertEquals(Float.floatToRawIntBits(x[src + p / outCols * width + p % outCols]),
                  Float.floatToRawIntBits(colsT[p]), what + " at " + p);
            }
            for (int j = limit; j < colsT.length; j++) {
              assertEquals(-7f, colsT[j], 0f, what + ": written at " + j);
            }
          }
        }
      }
    }
  }

  /** x with +0 and -0 among its values: a copy must keep the sign of a zero. */
  private static float[] withZeros(float[] x) {
    for (int k = 0; k < x.length; k += 5) {
      x[k] = k % 2 == 0 ? 0f : -0f;
    }
    return x;
  }

  /** Patch entry (k, p) of sample i by the definition: the input pixel or 0 in the padding or past the positions. */
  private static float expected(float[] x, int i, Conv2dShape s, int k, int p) {
    if (p >= s.positions()) {
      return 0f;
    }
    int kw = k % s.kernelCols(), kh = k / s.kernelCols() % s.kernelRows(), c = k / (s.kernelCols() * s.kernelRows());
    int oh = p / s.outCols(), ow = p % s.outCols();
    int ih = oh * s.strideRows() + kh - s.padTop(), iw = ow * s.strideCols() + kw - s.padLeft();
    if (ih < 0 || ih >= s.rows() || iw < 0 || iw >= s.cols()) {
      return 0f;
    }
    return x[i * s.inputSize() + (c * s.rows() + ih) * s.cols() + iw];
  }
}
