package org.actorgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;

/** MaxPool2d against the definition, bit for bit (it routes values, it does no rounding arithmetic). */
class MaxPool2dTest {
  /**
   * (n, C, H, W, KH, KW, SH, SW): the MNIST pools, overlapping windows, odd edges dropped, rows of
   * more outputs than one vector holds (column strides 1 and 2 stream over rows), and column
   * strides above 2 (gathered).
   */
  static final int[][] CASES = {
    {2, 3, 26, 26, 2, 2, 2, 2}, {2, 4, 11, 11, 2, 2, 2, 2}, {1, 2, 7, 6, 3, 3, 1, 1},
    {3, 1, 9, 9, 3, 2, 2, 1}, {1, 2, 5, 5, 5, 5, 1, 1}, {2, 2, 4, 8, 1, 2, 1, 2},
    {2, 2, 6, 41, 2, 3, 2, 2}, {2, 1, 3, 37, 1, 1, 1, 1}, {2, 2, 10, 11, 3, 3, 3, 3},
    {2, 3, 9, 14, 2, 4, 1, 4}
  };

  @Test
  void forwardAndBackwardMatchTheDefinitionBitForBit() {
    SeededRandom rng = new SeededRandom(43);
    for (int[] c : CASES) {
      int n = c[0];
      Pool2dShape s = Pool2dShape.of(c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
      float[] x = KernelTestData.uniform(rng, n * s.inputSize(), 1f);
      for (int k = 0; k < x.length; k += 3) {
        x[k] = Math.round(x[k] * 2) / 2f; // many ties
      }
      check(s, n, x, rng, Arrays.toString(c));
    }
  }

  @Test
  void theFirstOfEqualMaximaWinsAndNanNeverBeatsANumber() {
    Pool2dShape s = Pool2dShape.of(1, 2, 2, 2, 2, 2, 2);
    float[] y = new float[1];
    int[] argmax = new int[1];
    MaxPool2d.forward(y, argmax, new float[] {1f, 3f, 3f, 2f}, s, 1);
    assertEquals(1, argmax[0]);
    MaxPool2d.forward(y, argmax, new float[] {Float.NaN, -5f, Float.NaN, -6f}, s, 1);
    assertEquals(1, argmax[0]);
    assertEquals(-5f, y[0]);
    float[] dx = new float[4];
    MaxPool2d.backward(dx, new float[] {0.5f}, argmax, s, 1);
    assertArrayEquals(new float[] {0f, 0.5f, 0f, 0f}, dx);
    check(s, 1, new float[] {Float.NaN, -5f, Float.NaN, -6f}, new SeededRandom(1), "nan");
  }

  /**
   * Whole vectors of outputs (the Vector API path takes L at a time, the rest one by one) keep the
   * rule: NaNs (a window of only NaN, and NaN first before numbers), zeros of both signs (the
   * first of -0 and +0 wins, and its sign is kept) and ties, on ReLU-like data.
   */
  @Test
  void nanZerosAndTiesKeepTheRuleOnWholeVectorsOfOutputs() {
    SeededRandom rng = new SeededRandom(44);
    for (int[] c : CASES) {
      int n = c[0] + 1;
      Pool2dShape s = Pool2dShape.of(c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
      float[] x = KernelTestData.uniform(rng, n * s.inputSize(), 1f);
      for (int k = 0; k < x.length; k++) {
        float u = rng.nextFloat();
        x[k] = u < 0.1f ? Float.NaN : u < 0.4f ? (u < 0.25f ? 0f : -0f) : Math.round(x[k] * 2) / 2f;
      }
      float[] y = new float[n * s.outputSize()];
      float[] yn = new float[y.length];
      MaxPool2d.forward(y, new int[y.length], x, s, n);
      MaxPool2dNaive.forward(yn, x, s, n);
      for (int k = 0; k < y.length; k++) {
        assertEquals(Float.floatToRawIntBits(yn[k]), Float.floatToRawIntBits(y[k]),
            "output " + k + " of " + Arrays.toString(c));
      }
      check(s, n, x, rng, "nan " + Arrays.toString(c));
    }
  }

  /**
   * Samples pooled at offsets (a conv layer pools each sample from a one-sample buffer into the
   * batch's outputs): the bits and winners of the pool from offset 0, and nothing outside the
   * samples' ranges written; on every case, so the streamed rows and the gathers are both taken.
   */
  @Test
  void samplesAtOffsetsGiveTheSameOutputsAndWriteNothingElse() {
    SeededRandom rng = new SeededRandom(53);
    for (int[] c : CASES) {
      int n = c[0];
      Pool2dShape s = Pool2dShape.of(c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
      String what = Arrays.toString(c);
      float[] x = KernelTestData.uniform(rng, n * s.inputSize(), 1f);
      float[] y = new float[n * s.outputSize()];
      int[] argmax = new int[y.length];
      MaxPool2d.forward(y, argmax, x, s, n);

      int xOff = 5, yOff = 3, tail = 7;
      float[] xAt = new float[xOff + x.length + tail];
      Arrays.fill(xAt, Float.NaN); // read by no window
      System.arraycopy(x, 0, xAt, xOff, x.length);
      float[] yAt = new float[yOff + y.length + tail];
      int[] argmaxAt = new int[yAt.length];
      Arrays.fill(yAt, -7f);
      Arrays.fill(argmaxAt, -7);
      MaxPool2d.forward(yAt, argmaxAt, yOff, xAt, xOff, s, n);
      assertArrayEquals(y, Arrays.copyOfRange(yAt, yOff, yOff + y.length), 0f, "all samples " + what);
      assertArrayEquals(argmax, Arrays.copyOfRange(argmaxAt, yOff, yOff + y.length), "winners " + what);
      for (int k : new int[] {0, yOff - 1, yOff + y.length, yAt.length - 1}) {
        assertEquals(-7f, yAt[k], "y[" + k + "] outside the outputs " + what);
        assertEquals(-7, argmaxAt[k], "argmax[" + k + "] outside the outputs " + what);
      }

      // Sample by sample, each from a buffer of exactly one sample, into its place in y.
      float[] ySample = new float[y.length];
      int[] argmaxSample = new int[y.length];
      for (int i = 0; i < n; i++) {
        float[] one = Arrays.copyOfRange(x, i * s.inputSize(), (i + 1) * s.inputSize());
        MaxPool2d.forward(ySample, argmaxSample, i * s.outputSize(), one, 0, s, 1);
      }
      assertArrayEquals(y, ySample, 0f, "sample by sample " + what);
      assertArrayEquals(argmax, argmaxSample, "sample by sample, winners " + what);
    }
    Pool2dShape s = Pool2dShape.of(2, 4, 4, 2, 2, 2, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MaxPool2d.forward(new float[8], new int[8], 1, new float[32], 0, s, 1));
    assertEquals("expected y to hold at least its offset + n*C*OH*OW = 9 floats, found 8", e.getMessage());
  }

  @Test
  void aWindowLargerThanTheInputLeavesNothingAndIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Pool2dShape.of(8, 1, 1, 2, 2, 2, 2));
    assertEquals("a 2x2 pool leaves nothing of its 1x1 input", e.getMessage());
  }

  private static void check(Pool2dShape s, int n, float[] x, SeededRandom rng, String what) {
    float[] y = new float[n * s.outputSize()];
    float[] yn = new float[y.length];
    int[] argmax = new int[y.length];
    MaxPool2d.forward(y, argmax, x, s, n);
    MaxPool2dNaive.forward(yn, x, s, n);
    assertArrayEquals(yn, y, 0f, "forward " + what);
    float[] dy = KernelTestData.uniform(rng, y.length, 1f);
    float[] dx = KernelTestData.uniform(rng, x.length, 9f); // overwritten
    float[] dxn = new float[x.length];
    MaxPool2d.backward(dx, dy, argmax, s, n);
    MaxPool2dNaive.backward(dxn, dy, x, s, n);
    assertArrayEquals(dxn, dx, 0f, "backward " + what);
  }
}
