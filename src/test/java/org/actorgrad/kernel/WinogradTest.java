package org.actorgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Winograd}'s pieces on both paths in one JVM: each vector transform gives the bits of its
 * scalar definition in {@link WinogradTiles} (zeros of both signs included), the vector transpose
 * those of the scalar one, and only the layers the rule names take Winograd. (Whole layers are
 * held to a plain implementation in {@code Conv2dTest}, and to finite differences in
 * {@code ConvGradientCheckTest}.)
 */
class WinogradTest {
  /** (C, H, W, OC, same): odd and even outputs, same padding, channels past one vector. */
  private static final int[][] SHAPES = {{8, 6, 7, 17, 1}, {32, 13, 13, 64, 0}, {9, 3, 3, 8, 0},
    {20, 8, 5, 16, 1}};

  @Test
  void eachVectorTransformGivesTheBitsOfTheScalarOne() {
    SeededRandom rng = new SeededRandom(5);
    for (int[] c : SHAPES) {
      Conv2dShape s = Conv2dShape.of(c[0], c[1], c[2], c[3], 3, 3, 1, 1, c[4] == 1);
      String what = Arrays.toString(c);
      int tiles = Winograd.tiles(s);
      int cp = (int) Conv2dWorkspace.channelsPadded(s), op = (int) Conv2dWorkspace.filtersPadded(s);

      float[] xt = values(rng, (int) Winograd.paddedInput(s));
      float[] v = new float[16 * tiles * cp], vVector = new float[v.length];
      WinogradTiles.input(v, xt, s);
      WinogradTilesVector.input(vVector, xt, s);
      assertBits(v, vVector, "input " + what);

      float[] m = values(rng, 16 * tiles * op);
      float[] zT = nans(s.positions() * op), zTVector = nans(zT.length);
      WinogradTiles.output(zT, m, s);
      WinogradTilesVector.output(zTVector, m, s);
      assertBits(zT, zTVector, "output " + what);
      assertFalse(Float.isNaN(zT[zT.length - 1]), "every output written " + what);

      float[] dzT = values(rng, s.positions() * op);
      float[] dm = new float[m.length], dmVector = new float[m.length];
      WinogradTiles.outputGradient(dm, dzT, s);
      WinogradTilesVector.outputGradient(dmVector, dzT, s);
      assertBits(dm, dmVector, "output gradient " + what);

      float[] dv = values(rng, v.length);
      float[] dxt = values(rng, xt.length), dxtVector = dxt.clone(); // added into
      WinogradTiles.inputGradient(dxt, dv, s);
      WinogradTilesVector.inputGradient(dxtVector, dv, s);
      assertBits(dxt, dxtVector, "input gradient " + what);
    }
  }

  @Test
  void theVectorFilterTransformsGiveTheBitsOfTheScalarOnes() {
    SeededRandom rng = new SeededRandom(7);
    for (int[] c : SHAPES) {
      Conv2dShape s = Conv2dShape.of(c[0], c[1], c[2], c[3], 3, 3, 1, 1, c[4] == 1);
      String what = Arrays.toString(c);
      int channels = s.channels(), filters = s.filters(), op = (int) Conv2dWorkspace.filtersPadded(s);
      float[] w = values(rng, s.weightSize());
      float[] wt = new float[channels * 9 * op];
      DenseVectorTranspose.transpose(w, 0, wt, filters, channels * 9, op);
      float[] u = new float[16 * channels * op], uVector = nans(u.length); // scalar: o < OC only
      for (int o = 0; o < filters; o++) {
        for (int ch = 0; ch < channels; ch++) {
          WinogradTiles.filter(u, ch * op + o, channels * op, w, (o * channels + ch) * 9);
        }
      }
      WinogradTilesVector.filters(uVector, wt, s);
      assertBits(u, uVector, "filters " + what);

      float[] du = values(rng, 16 * channels * op);
      float[] grad = values(rng, s.weightSize()), gradVector = grad.clone();
      for (int o = 0; o < filters; o++) {
        for (int ch = 0; ch < channels; ch++) {
          WinogradTiles.filterGradient(grad, (o * channels + ch) * 9, du, ch * op + o, channels * op);
        }
      }
      float[] dwT = new float[channels * 9 * op], dw = new float[s.weightSize()];
      WinogradTilesVector.filterGradients(dwT, du, s);
      DenseVectorTranspose.block(dwT, 0, op, dw, 0, channels * 9, channels * 9, filters);
      for (int k = 0; k < dw.length; k++) {
        gradVector[k] += dw[k];
      }
      assertBits(grad, gradVector, "filter gradients " + what);
    }
  }

  @Test
  void theVectorTransposeGivesTheScalarOneAndWritesNothingElse() {
    SeededRandom rng = new SeededRandom(9);
    int[][] blocks = {{169, 32}, {32, 169}, {13, 8}, {16, 16}, {121, 64}, {5, 3}};
    for (int[] b : blocks) {
      int rows = b[0], cols = b[1], xRow = cols + 3, tRow = rows + 5;
      float[] x = values(rng, 2 + rows * xRow);
      float[] t = nans(7 + cols * tRow), tVector = nans(t.length);
      Winograd.transposeScalar(x, 2, xRow, t, 7, tRow, rows, cols);
      DenseVectorTranspose.block(x, 2, xRow, tVector, 7, tRow, rows, cols);
      assertBits(t, tVector, "transpose " + Arrays.toString(b));
      assertTrue(Float.isNaN(tVector[6]) && Float.isNaN(tVector[7 + rows]), "nothing else written");
      assertEquals(x[2 + xRow], tVector[7 + 1]);
    }
  }

  @Test
  void takesThreeByThreeStrideOneLayersOfEightChannelsAndFiltersOrMore() {
    assertTrue(Winograd.applies(Conv2dShape.of(32, 13, 13, 64, 3, 3, 1, 1, false)));
    assertTrue(Winograd.applies(Conv2dShape.of(8, 5, 5, 8, 3, 3, 1, 1, true)));
    assertFalse(Winograd.applies(Conv2dShape.of(7, 5, 5, 8, 3, 3, 1, 1, false)), "too few channels");
    assertFalse(Winograd.applies(Conv2dShape.of(8, 5, 5, 7, 3, 3, 1, 1, false)), "too few filters");
    assertFalse(Winograd.applies(Conv2dShape.of(1, 28, 28, 32, 3, 3, 1, 1, false)), "first MNIST layer");
    assertFalse(Winograd.applies(Conv2dShape.of(16, 9, 9, 4, 3, 3, 2, 2, false)), "strided");
    assertFalse(Winograd.applies(Conv2dShape.of(16, 9, 9, 4, 5, 5, 1, 1, false)), "5x5");
    assertFalse(Winograd.applies(Conv2dShape.of(16, 9, 9, 4, 3, 2, 1, 1, false)), "3x2");
  }

  /** Uniform values in [-1, 1) with every fifth a zero of either sign. */
  private static float[] values(SeededRandom rng, int n) {
    float[] a = KernelTestData.uniform(rng, n, 1f);
    for (int k = 0; k < n; k += 5) {
      a[k] = k % 10 == 0 ? 0f : -0f;
    }
    return a;
  }

  private static float[] nans(int n) {
    float[] a = new float[n];
    Arrays.fill(a, Float.NaN);
    return a;
  }

  private static void assertBits(float[] expected, float[] actual, String what) {
    for (int k = 0; k < expected.length; k++) {
      assertEquals(Float.floatToRawIntBits(expected[k]), Float.floatToRawIntBits(actual[k]),
          what + " at " + k + ": " + expected[k] + " vs " + actual[k]);
    }
  }
}
