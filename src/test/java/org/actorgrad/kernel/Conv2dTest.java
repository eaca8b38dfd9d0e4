package org.actorgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;

/**
 * Conv2d (im2col onto Dense's products) against the definition's loops in double, and bitwise
 * against the plain lowering whose bits it keeps. Tolerance: each output or
 * gradient entry is a float sum of m products, so we allow 1e-6·m of Σ|terms| plus 1e-6 absolute
 * (the same bound DenseTest uses), with m the longest sum in the shape.
 */
class Conv2dTest {
  /** (n, C, H, W, OC, KH, KW, SH, SW, same): the MNIST layers, strides, same padding, odd sizes. */
  static final int[][] CASES = {
    {2, 1, 8, 8, 4, 3, 3, 1, 1, 0}, {1, 3, 7, 5, 2, 3, 2, 1, 1, 0}, {2, 2, 9, 9, 3, 3, 3, 2, 2, 0},
    {2, 2, 6, 7, 3, 3, 3, 1, 1, 1}, {1, 1, 7, 7, 2, 4, 4, 2, 2, 1}, {3, 2, 5, 5, 5, 5, 5, 1, 1, 0},
    {1, 4, 6, 6, 2, 1, 1, 1, 1, 0}, {2, 3, 10, 6, 4, 3, 2, 3, 1, 1}, {1, 1, 28, 28, 32, 3, 3, 1, 1, 0},
    {2, 32, 13, 13, 8, 3, 3, 1, 1, 0},
    // Winograd's (3x3, stride 1, at least 8 channels): odd and even outputs, same padding, channels
    // and filters off the 16-float padding, a 1x1 output
    {2, 9, 6, 7, 17, 3, 3, 1, 1, 1}, {1, 16, 5, 4, 20, 3, 3, 1, 1, 0}, {2, 8, 3, 3, 8, 3, 3, 1, 1, 0},
    {1, 33, 8, 8, 16, 3, 3, 1, 1, 0}
  };

  @Test
  void theBackwardThroughAPoolHasTheBitsOfThePoolsReluAndConvBackwardInTurn() {
    SeededRandom rng = new SeededRandom(47);
    int[][] pools = {{2, 2, 2, 2}, {3, 3, 1, 1}, {2, 3, 2, 1}, {1, 1, 1, 1}};
    for (int[] c : CASES) {
      int n = c[0];
      Conv2dShape s = shape(c);
      for (Pool2dShape pool : poolsOver(s, pools)) {
        String what = Arrays.toString(c) + " pool " + pool;
        int wOff = 1, bOff = wOff + s.weightSize() + 2;
        float[] params = KernelTestData.uniform(rng, bOff + s.filters() + 1, 0.5f);
        float[] x = KernelTestData.uniform(rng, n * s.inputSize(), 1f);
        Conv2dWorkspace ws = new Conv2dWorkspace(s);
        float[] z = new float[n * s.outputSize()], a = new float[z.length];
        Conv2d.forward(z, a, x, params, wOff, bOff, s, n, ws);
        for (int k = 0; k < z.length; k += 7) {
          z[k] = k % 2 == 0 ? 0f : -0f; // ReLU's edge
        }
        Activation.RELU.forward(a, z, n, s.outputSize());
        float[] y = new float[n * pool.outputSize()];
        int[] argmax = new int[y.length];
        MaxPool2d.forward(y, argmax, a, pool, n);
        float[] dy = KernelTestData.uniform(rng, y.length, 1f);
        float[] grad = KernelTestData.uniform(rng, params.length, 0.1f), gradInTurn = grad.clone();
        float[] dz = new float[z.length];
        float[] da = new float[z.length];
        MaxPool2d.backward(da, dy, argmax, pool, n);
        Activation.RELU.backward(dz, da, z, a, n, s.outputSize());
        float[] dxInTurn = new float[x.length], dx = new float[x.length];
        Arrays.fill(dx, Float.NaN); // every float of dx must be written
        Arrays.fill(dxInTurn, Float.NaN);
        Conv2d.backward(dxInTurn, gradInTurn, dz, x, params, wOff, bOff, s, n, ws);
        Conv2d.backwardThroughPool(dx, grad, dy, argmax, pool, y, x, params, wOff, bOff, s, n, ws);
        assertBits(gradInTurn, grad, what);
        assertBits(dxInTurn, dx, "dx " + what);
        float[] gradNoDx = KernelTestData.uniform(new SeededRandom(3), params.length, 0.1f), again = gradNoDx.clone();
        Conv2d.backward(null, again, dz, x, params, wOff, bOff, s, n, ws);
        Conv2d.backwardThroughPool(null, gradNoDx, dy, argmax, pool, y, x, params, wOff, bOff, s, n, ws);
        assertBits(again, gradNoDx, "no dx " + what);
      }
    }
  }

  /**
   * The forward through a pool gives the pool's outputs and winners of the forward's ReLU output,
   * bit for bit, on every case and pool, with one workspace shared by all of them, NaN at first,
   * and inputs with zeros of both signs (ReLU's edge, and ties in the windows).
   */
  @Test
  void theForwardThroughAPoolHasTheBitsOfTheForwardThenThePool() {
    SeededRandom rng = new SeededRandom(59);
    int[][] pools = {{2, 2, 2, 2}, {3, 3, 1, 1}, {2, 3, 2, 1}, {1, 1, 1, 1}, {2, 2, 3, 3}};
    Conv2dShape[] shapes = Arrays.stream(CASES).map(Conv2dTest::shape).toArray(Conv2dShape[]::new);
    Conv2dWorkspace shared = poisoned(new Conv2dWorkspace(shapes));
    for (int[] c : CASES) {
      int n = c[0];
      Conv2dShape s = shape(c);
      for (Pool2dShape pool : poolsOver(s, pools)) {
        String what = Arrays.toString(c) + " pool " + pool;
        int wOff = 2, bOff = wOff + s.weightSize() + 1;
        float[] params = KernelTestData.uniform(rng, bOff + s.filters() + 1, 0.5f);
        float[] x = KernelTestData.uniform(rng, n * s.inputSize(), 1f);
        for (int k = 0; k < x.length; k += 5) {
          x[k] = k % 2 == 0 ? 0f : -0f;
        }
        float[] relu = new float[n * s.outputSize()];
        Conv2d.forward(null, relu, x, params, wOff, bOff, s, n, new Conv2dWorkspace(s));
        float[] y = new float[n * pool.outputSize()];
        int[] argmax = new int[y.length];
        MaxPool2d.forward(y, argmax, relu, pool, n);

        float[] yThrough = new float[y.length];
        int[] argmaxThrough = new int[y.length];
        Arrays.fill(yThrough, Float.NaN); // every output must be written
        Arrays.fill(argmaxThrough, -1);
        Conv2d.forwardThroughPool(yThrough, argmaxThrough, pool, x, params, wOff, bOff, s, n, shared);
        assertBits(y, yThrough, what);
        assertEquals(Arrays.toString(argmax), Arrays.toString(argmaxThrough), "winners " + what);
      }
    }
    Conv2dShape s = shape(CASES[0]);
    Pool2dShape other = Pool2dShape.of(s.filters(), s.outRows() - 1, s.outCols(), 2, 2, 2, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conv2d.forwardThroughPool(
        new float[999], new int[999], other, new float[2 * s.inputSize()], new float[99], 0, 60, s, 2,
        new Conv2dWorkspace(s)));
    assertEquals("expected a pool over this layer's 4x6x6 output, found " + other, e.getMessage());
  }

  @Test
  void forwardAndBackwardMatchTheDefinition() {
    SeededRandom rng = new SeededRandom(41);
    for (int[] c : CASES) {
      int n = c[0];
      Conv2dShape s = shape(c);
      String what = Arrays.toString(c);
      int wOff = 2, bOff = wOff + s.weightSize() + 1;
      float[] params = KernelTestData.uniform(rng, bOff + s.filters() + 3, 0.5f);
      float[] x = KernelTestData.uniform(rng, n * s.inputSize(), 1f);
      Conv2dWorkspace ws = new Conv2dWorkspace(s);
      float[] z = new float[n * s.outputSize()];
      float[] zn = new float[z.length];
      Conv2d.forward(z, x, params, wOff, bOff, s, n, ws);
      Conv2dNaive.forward(zn, x, params, wOff, bOff, s, n);
      double bound = 1e-6 * (s.patchSize() + 1) * (s.patchSize() * 0.5 + 0.5) + 1e-6;
      assertClose(zn, z, bound, "forward " + what);

      // With a ReLU in its last pass: the same z, and the ReLU's own forward of it, bit for bit.
      float[] zr = new float[z.length], relu = new float[z.length], reluAlone = new float[z.length];
      Conv2d.forward(zr, relu, x, params, wOff, bOff, s, n, ws);
      Activation.RELU.forward(reluAlone, z, n, s.outputSize());
      assertBits(z, zr, "forward with relu, z " + what);
      assertBits(reluAlone, relu, "forward with relu " + what);
      float[] reluOnly = new float[z.length];
      Conv2d.forward(null, reluOnly, x, params, wOff, bOff, s, n, ws); // z not kept
      assertBits(reluAlone, reluOnly, "forward with relu, no z " + what);

      float[] dz = KernelTestData.uniform(rng, z.length, 1f);
      float[] grad = KernelTestData.uniform(rng, params.length, 0.1f);
      float[] gradN = grad.clone();
      float[] dx = new float[x.length];
      float[] dxN = new float[x.length];
      Conv2d.backward(dx, grad, dz, x, params, wOff, bOff, s, n, ws);
      Conv2dNaive.backward(dxN, gradN, dz, x, params, wOff, bOff, s, n);
      int longest = Math.max(n * s.positions(), s.filters() * s.kernelRows() * s.kernelCols());
      assertClose(gradN, grad, 1e-6 * (longest + 1) * longest + 1e-6, "grad " + what);
      assertClose(dxN, dx, bound * s.filters(), "dx " + what);

      float[] again = grad.clone();
      float[] gradNoDx = KernelTestData.uniform(new SeededRandom(7), params.length, 0.1f);
      float[] gradWithDx = gradNoDx.clone();
      Conv2d.backward(null, gradNoDx, dz, x, params, wOff, bOff, s, n, ws);
      Conv2d.backward(dx, gradWithDx, dz, x, params, wOff, bOff, s, n, ws);
      assertEquals(Arrays.toString(gradWithDx), Arrays.toString(gradNoDx), "dx null " + what);
      assertEquals(Arrays.toString(again), Arrays.toString(grad), what);
    }
  }

  /**
   * The bits are pinned: forward, dW, db and dx equal, bit for bit, the first version's lowering
   * ({@link Conv2dLowered}: plain patches, DenseScalar, explicit transposes), or for the layers
   * Winograd takes its definition computed plainly ({@link Conv2dWinogradPlain}), on every case,
   * with one workspace shared by all cases, NaN at first (its leftovers from a larger layer must
   * not leak), zeros of both signs, and a grad that already holds values (the addition order is
   * part of the bits).
   */
  @Test
  void givesTheBitsOfThePlainLoweringOnEveryCase() {
    SeededRandom rng = new SeededRandom(43);
    Conv2dShape[] shapes = Arrays.stream(CASES).map(Conv2dTest::shape).toArray(Conv2dShape[]::new);
    Conv2dWorkspace shared = poisoned(new Conv2dWorkspace(shapes));
    for (int pass = 0; pass < 2; pass++) {
      for (int[] c : CASES) {
        int n = c[0] + pass;
        Conv2dShape s = shape(c);
        String what = Arrays.toString(c) + " n=" + n + " on the " + Dense.path() + " path";
        int wOff = 3, bOff = wOff + s.weightSize() + 2;
        float[] params = KernelTestData.uniform(rng, bOff + s.filters() + 1, 0.5f);
        float[] x = KernelTestData.uniform(rng, n * s.inputSize(), 1f);
        for (int k = 0; k < x.length; k += 7) {
          x[k] = k % 2 == 0 ? 0f : -0f;
        }
        float[] z = new float[n * s.outputSize()];
        float[] zRef = new float[z.length];
        Conv2d.forward(z, x, params, wOff, bOff, s, n, shared);
        boolean winograd = Winograd.applies(s);
        if (winograd) {
          Conv2dWinogradPlain.forward(zRef, x, params, wOff, bOff, s, n);
        } else {
          Conv2dLowered.forward(zRef, x, params, wOff, bOff, s, n);
        }
        assertBits(zRef, z, "forward " + what);

        float[] dz = KernelTestData.uniform(rng, z.length, 1f);
        for (int k = 0; k < dz.length; k += 5) {
          dz[k] = -0f;
        }
        float[] grad = KernelTestData.uniform(rng, params.length, 0.1f);
        float[] gradRef = grad.clone();
        float[] dx = KernelTestData.uniform(rng, x.length, 1f); // overwritten
        float[] dxRef = new float[x.length];
        Conv2d.backward(dx, grad, dz, x, params, wOff, bOff, s, n, shared);
        if (winograd) {
          Conv2dWinogradPlain.backward(dxRef, gradRef, dz, x, params, wOff, bOff, s, n);
        } else {
          Conv2dLowered.backward(dxRef, gradRef, dz, x, params, wOff, bOff, s, n);
        }
        assertBits(gradRef, grad, "grad " + what);
        assertBits(dxRef, dx, "dx " + what);
      }
    }
  }

  /** ws with every float of every buffer NaN: whatever a call reads before it writes shows. */
  static Conv2dWorkspace poisoned(Conv2dWorkspace ws) {
    for (java.lang.reflect.Field f : Conv2dWorkspace.class.getDeclaredFields()) {
      if (f.getType() == float[].class) {
        try {
          Arrays.fill((float[]) f.get(ws), Float.NaN);
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return ws;
  }

  /** The pools (KH, KW, SH, SW) of {@code pools} whose window fits s's output, over its filters. */
  private static List<Pool2dShape> poolsOver(Conv2dShape s, int[][] pools) {
    List<Pool2dShape> fitting = new ArrayList<>();
    for (int[] q : pools) {
      if (q[0] <= s.outRows() && q[1] <= s.outCols()) {
        fitting.add(Pool2dShape.of(s.filters(), s.outRows(), s.outCols(), q[0], q[1], q[2], q[3]));
      }
    }
    return fitting;
  }

  private static Conv2dShape shape(int[] c) {
    return Conv2dShape.of(c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9] == 1);
  }

  private static void assertBits(float[] expected, float[] actual, String what) {
    for (int k = 0; k < expected.length; k++) {
      if (Float.floatToRawIntBits(expected[k]) != Float.floatToRawIntBits(actual[k])) {
        assertEquals(expected[k], actual[k], 0.0, what + " at " + k + " (bits differ)");
        throw new AssertionError(what + " at " + k + ": " + expected[k] + " vs " + actual[k]
            + " (same value, other bits)");
      }
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
    assertThrows(IllegalArgumentException.class, () -> Conv2d.forward(new float[7], new float[16],
        new float[20], 0, 18, s, 1, new Conv2dWorkspace(s))); // z needs 8
    Conv2dShape larger = Conv2dShape.of(1, 8, 8, 2, 3, 3, 1, 1, false); // 36 positions, padded to 48
    IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> Conv2d.forward(
        new float[72], new float[64], new float[20], 0, 18, larger, 1, new Conv2dWorkspace(s)));
    assertEquals("expected a conv workspace built for " + larger + ", found a smaller one", small.getMessage());
  }

  private static void assertClose(float[] expected, float[] actual, double tol, String what) {
    for (int k = 0; k < expected.length; k++) {
      assertEquals(expected[k], actual[k], tol, what + " at " + k);
    }
  }
}
