package org.actorgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;

/**
 * Conv2d (im2col onto Dense) against the definition's loops in double. Tolerance: each output or
 * gradient entry is a float sum of m products, so we allow 1e-6·m of Σ|terms| plus 1e-6 absolute
 * (the same bound DenseTest uses), with m the longest sum in the shape.
 */
class Conv2dTest {
  /** (n, C, H, W, OC, KH, KW, SH, SW, same): the MNIST layers, strides, same padding, odd sizes. */
  static final int[][] CASES = {
    {2, 1, 8, 8, 4, 3, 3, 1, 1, 0}, {1, 3, 7, 5, 2, 3, 2, 1, 1, 0}, {2, 2, 9, 9, 3, 3, 3, 2, 2, 0},
    {2, 2, 6, 7, 3, 3, 3, 1, 1, 1}, {1, 1, 7, 7, 2, 4, 4, 2, 2, 1}, {3, 2, 5, 5, 5, 5, 5, 1, 1, 0},
    {1, 4, 6, 6, 2, 1, 1, 1, 1, 0}, {2, 3, 10, 6, 4, 3, 2, 3, 1, 1}, {1, 1, 28, 28, 32, 3, 3, 1, 1, 0},
    {2, 32, 13, 13, 8, 3, 3, 1, 1, 0}
  };

  @Test
  void forwardAndBackwardMatchTheDefinition() {
    SeededRandom rng = new SeededRandom(41);
    for (int[] c : CASES) {
      int n = c[0];
      Conv2dShape s = Conv2dShape.of(c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9] == 1);
      String what = Arrays.toString(c);
      int wOff = 2, bOff = wOff + s.weightSize() + 1;
      float[] params = KernelTestData.uniform(rng, bOff + s.filters() + 3, 0.5f);
      float[] x = KernelTestData.uniform(rng, n * s.inputSize(), 1f);
      float[] cols = new float[s.positions() * s.patchSize()];
      float[] dcols = new float[cols.length];
      float[] t = new float[s.positions() * s.filters()];
      float[] z = new float[n * s.outputSize()];
      float[] zn = new float[z.length];
      Conv2d.forward(z, x, params, wOff, bOff, s, n, cols, t,
          new DenseWorkspace(s.positions(), s.patchSize(), s.filters()));
      Conv2dNaive.forward(zn, x, params, wOff, bOff, s, n);
      double bound = 1e-6 * (s.patchSize() + 1) * (s.patchSize() * 0.5 + 0.5) + 1e-6;
      assertClose(zn, z, bound, "forward " + what);

      float[] dz = KernelTestData.uniform(rng, z.length, 1f);
      float[] grad = KernelTestData.uniform(rng, params.length, 0.1f);
      float[] gradN = grad.clone();
      float[] dx = new float[x.length];
      float[] dxN = new float[x.length];
      Conv2d.backward(dx, grad, dz, x, params, wOff, bOff, s, n, cols, dcols, t);
      Conv2dNaive.backward(dxN, gradN, dz, x, params, wOff, bOff, s, n);
      int longest = Math.max(n * s.positions(), s.filters() * s.kernelRows() * s.kernelCols());
      assertClose(gradN, grad, 1e-6 * (longest + 1) * longest + 1e-6, "grad " + what);
      assertClose(dxN, dx, bound * s.filters(), "dx " + what);

      float[] again = grad.clone();
      float[] gradNoDx = KernelTestData.uniform(new SeededRandom(7), params.length, 0.1f);
      float[] gradWithDx = gradNoDx.clone();
      Conv2d.backward(null, gradNoDx, dz, x, params, wOff, bOff, s, n, cols, dcols, t);
      Conv2d.backward(dx, gradWithDx, dz, x, params, wOff, bOff, s, n, cols, dcols, t);
      assertEquals(Arrays.toString(gradWithDx), Arrays.toString(gradNoDx), "dx null " + what);
      assertEquals(Arrays.toString(again), Arrays.toString(grad), what);
    }
  }

  @Test
  void samePaddingKeepsTheSizeAtStrideOneAndRoundsUpAtLargerStrides() {
    Conv2dShape s = Conv2dShape.of(1, 28, 28, 4, 3, 3, 1, 1, true);
    assertEquals(28, s.outRows());
    assertEquals(1, s.padTop());
    Conv2dShape even = Conv2dShape.of(1, 6, 6, 4, 4, 4, 1, 1, true); // PyTorch: 1 before, 2 after
    assertEquals(1, even.padTop());
    assertEquals(6, even.outCols());
    Conv2dShape strided = Conv2dShape.of(1, 7, 7, 4, 3, 3, 2, 2, true);
    assertEquals(4, strided.outRows());
    assertEquals(26, Conv2dShape.of(1, 28, 28, 4, 3, 3, 1, 1, false).outRows());
    assertEquals(13, Conv2dShape.of(1, 28, 28, 4, 3, 3, 2, 2, false).outRows());
  }

  @Test
  void rejectsAKernelLargerThanItsInputAndShortBuffers() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Conv2dShape.of(1, 2, 2, 4, 3, 3, 1, 1, false));
    assertEquals("a 3x3 kernel is larger than its 2x2 input", e.getMessage());
    Conv2dShape s = Conv2dShape.of(1, 4, 4, 2, 3, 3, 1, 1, false);
    assertThrows(IllegalArgumentException.class, () -> Conv2d.forward(new float[8], new float[16],
        new float[20], 0, 18, s, 1, new float[35], new float[8], new DenseWorkspace(4, 9, 2)));
    // cols needs 36
  }

  private static void assertClose(float[] expected, float[] actual, double tol, String what) {
    for (int k = 0; k < expected.length; k++) {
      assertEquals(expected[k], actual[k], tol, what + " at " + k);
    }
  }
}
