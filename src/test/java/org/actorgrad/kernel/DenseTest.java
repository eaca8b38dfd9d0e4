package org.actorgrad.kernel;

import static org.actorgrad.testing.FloatBits.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast paths against each other (bit for bit) and against the double-precision reference.
 * Tolerance against DenseNaive: a float sum of n products drifts by at most about n·2^-24 times the
 * sum of their magnitudes; we allow 1e-6·n (≈ 17·n ulps) of Σ|terms|, plus 1e-7 absolute.
 */
class DenseTest {
  /** (batch, in, out): odd widths, in not divisible by 8, batch 1, out 1, and the default network. */
  static final int[][] SHAPES = {
    {1, 1, 1}, {1, 7, 1}, {1, 8, 1}, {2, 9, 3}, {3, 17, 5}, {5, 23, 4}, {4, 24, 8}, {7, 31, 13},
    {1, 100, 10}, {6, 129, 7}, {8, 64, 9}, {13, 40, 12}, {64, 784, 128}, {32, 128, 10}, {3, 250, 11},
    {1, 784, 128}, {9, 47, 1}, {2, 3, 17},
    // vector tiles with every tail: batch and in past one 16- or 8-lane block and not multiples of
    // it, rows % 4 != 0, the forward's k blocks (batch 64: 96 inputs a block) ending mid-block
    {16, 16, 16}, {17, 33, 9}, {37, 200, 70}, {48, 100, 20}, {80, 300, 67}, {64, 130, 7}
  };

  @Test
  void forwardVectorAndScalarAgreeBitForBitAndMatchNaive() {
    SeededRandom rng = new SeededRandom(11);
    for (int[] s : SHAPES) {
      int batch = s[0], in = s[1], out = s[2];
      int wOff = 3, bOff = wOff + in * out + 2;
      float[] params = KernelTestData.uniform(rng, bOff + out + 1, 0.5f);
      float[] x = KernelTestData.uniform(rng, batch * in, 1f);
      float[] zv = new float[batch * out];
      float[] zs = new float[batch * out];
      float[] zn = new float[batch * out];
      DenseVector.forward(zv, x, params, wOff, bOff, batch, in, out, new DenseWorkspace(batch, in, out));
      DenseScalar.forward(zs, x, params, wOff, bOff, batch, in, out);
      DenseNaive.forward(zn, x, params, wOff, bOff, batch, in, out);
      assertBitIdentical(zs, zv, "forward " + Arrays.toString(s));
      float[] zd = new float[batch * out];
      Dense.forward(zd, x, params, wOff, bOff, batch, in, out);
      assertBitIdentical(zs, zd, "Dense.forward " + Arrays.toString(s));
      for (int b = 0; b < batch; b++) {
        for (int o = 0; o < out; o++) {
          double mag = Math.abs(params[bOff + o]);
          for (int i = 0; i < in; i++) {
            mag += Math.abs((double) x[b * in + i] * params[wOff + o * in + i]);
          }
          double tol = 1e-6 * (in + 1) * mag + 1e-7;
          assertEquals(zn[b * out + o], zs[b * out + o], tol, "z at " + b + "," + o + " " + Arrays.toString(s));
        }
      }
    }
  }

  @Test
  void backwardVectorAndScalarAgreeBitForBitAndMatchNaive() {
    SeededRandom rng = new SeededRandom(12);
    for (int[] s : SHAPES) {
      int batch = s[0], in = s[1], out = s[2];
      int wOff = 1, bOff = wOff + in * out;
      float[] params = KernelTestData.uniform(rng, bOff + out, 0.5f);
      float[] x = KernelTestData.uniform(rng, batch * in, 1f);
      float[] dz = KernelTestData.uniform(rng, batch * out, 1f);
      float[] start = KernelTestData.uniform(rng, params.length, 0.1f); // grad accumulates
      float[] gv = start.clone(), gs = start.clone(), gn = start.clone(), gd = start.clone();
      float[] dxv = new float[batch * in], dxs = new float[batch * in], dxn = new float[batch * in];
      float[] dxd = new float[batch * in];
      DenseVector.backward(dxv, gv, dz, x, params, wOff, bOff, batch, in, out);
      DenseScalar.backward(dxs, gs, dz, x, params, wOff, bOff, batch, in, out);
      DenseNaive.backward(dxn, gn, dz, x, params, wOff, bOff, batch, in, out);
      Dense.backward(dxd, gd, dz, x, params, wOff, bOff, batch, in, out);
      assertBitIdentical(gs, gv, "grad " + Arrays.toString(s));
      assertBitIdentical(dxs, dxv, "dx " + Arrays.toString(s));
      assertBitIdentical(gs, gd, "Dense grad " + Arrays.toString(s));
      assertBitIdentical(dxs, dxd, "Dense dx " + Arrays.toString(s));
      // Magnitudes: |dz|,|x| ≤ 1 and |W| ≤ 0.5, so Σ|terms| ≤ batch (dW, db) and ≤ out/2 (dx).
      for (int k = 0; k < params.length; k++) {
        assertEquals(gn[k], gs[k], 1e-6 * (batch + 1) * (batch + 0.1) + 1e-7, "grad[" + k + "] " + Arrays.toString(s));
      }
      for (int k = 0; k < dxn.length; k++) {
        assertEquals(dxn[k], dxs[k], 1e-6 * (out + 1) * out + 1e-7, "dx[" + k + "] " + Arrays.toString(s));
      }
      float[] gNull = start.clone();
      Dense.backward(null, gNull, dz, x, params, wOff, bOff, batch, in, out);
      assertBitIdentical(gs, gNull, "grad without dx " + Arrays.toString(s));
    }
  }

  @Test
  void backwardMatchesFiniteDifferencesOfALinearProbeLoss() {
    // L = Σ g ⊙ (x·Wᵀ + b) in double; central differences in double are exact up to rounding, so 1e-6 relative.
    SeededRandom rng = new SeededRandom(13);
    int batch = 3, in = 11, out = 4, wOff = 0, bOff = in * out;
    float[] params = KernelTestData.uniform(rng, bOff + out, 0.5f);
    float[] x = KernelTestData.uniform(rng, batch * in, 1f);
    float[] g = KernelTestData.uniform(rng, batch * out, 1f);
    float[] grad = new float[params.length];
    float[] dx = new float[batch * in];
    Dense.backward(dx, grad, g, x, params, wOff, bOff, batch, in, out);
    double[] p = toDouble(params), xd = toDouble(x);
    double h = 1e-3;
    for (int k = 0; k < p.length; k++) {
      double saved = p[k];
      p[k] = saved + h;
      double up = probeLoss(p, xd, g, batch, in, out);
      p[k] = saved - h;
      double down = probeLoss(p, xd, g, batch, in, out);
      p[k] = saved;
      assertEquals((up - down) / (2 * h), grad[k], 1e-5, (k < bOff ? "dW" : "db") + " at " + k);
    }
    for (int k = 0; k < xd.length; k++) {
      double saved = xd[k];
      xd[k] = saved + h;
      double up = probeLoss(p, xd, g, batch, in, out);
      xd[k] = saved - h;
      double down = probeLoss(p, xd, g, batch, in, out);
      xd[k] = saved;
      assertEquals((up - down) / (2 * h), dx[k], 1e-5, "dx at " + k);
    }
  }

  @Test
  void rejectsMisSizedBuffers() {
    float[] params = new float[6 * 4 + 4];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Dense.forward(new float[7], new float[2 * 6], params, 0, 24, 2, 6, 4));
    assertEquals("expected z to hold at least batch*out = 8 floats, found 7", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Dense.forward(new float[8], new float[11], params, 0, 24, 2, 6, 4));
    assertThrows(IllegalArgumentException.class,
        () -> Dense.forward(new float[8], new float[12], params, 5, 24, 2, 6, 4));
    assertThrows(IllegalArgumentException.class,
        () -> Dense.backward(new float[12], new float[10], new float[8], new float[12], params, 0, 24, 2, 6, 4));
    float[] shared = new float[12];
    assertThrows(IllegalArgumentException.class,
        () -> Dense.backward(shared, new float[28], new float[8], shared, params, 0, 24, 2, 6, 4));
  }

  @Test
  void forwardWithAWorkspaceGivesTheSameBitsAndReusesIt() {
    SeededRandom rng = new SeededRandom(14);
    DenseWorkspace ws = new DenseWorkspace(64, 784, 128);
    for (int[] s : SHAPES) {
      int batch = s[0], in = s[1], out = s[2];
      float[] params = KernelTestData.uniform(rng, in * out + out, 0.5f);
      float[] x = KernelTestData.uniform(rng, batch * in, 1f);
      float[] z = new float[batch * out];
      float[] zs = new float[batch * out];
      Dense.forward(z, x, params, 0, in * out, batch, in, out, ws);
      DenseScalar.forward(zs, x, params, 0, in * out, batch, in, out);
      assertBitIdentical(zs, z, "forward with a shared workspace " + Arrays.toString(s));
    }
  }

  @Test
  void rejectsAWorkspaceTooSmallForTheLayer() {
    DenseWorkspace ws = new DenseWorkspace(2, 6, 3);
    float[] params = new float[6 * 4 + 4];
    if (!Dense.path().equals("scalar")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Dense.forward(new float[8], new float[12], params, 0, 24, 2, 6, 4, ws));
      assertEquals("expected a workspace for batch 2, in 6, out 4, found a smaller one", e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DenseWorkspace(0, 6, 4));
    assertEquals("expected maxBatch, maxIn and maxOut >= 1, found maxBatch=0 maxIn=6 maxOut=4", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new DenseWorkspace(1 << 16, 1 << 15, 1));
  }

  @Test
  void pathNamesTheImplementationInUse() {
    assertTrue(java.util.Set.of("vector-512", "vector-256", "scalar").contains(Dense.path()), Dense.path());
  }

  private static double probeLoss(double[] p, double[] x, float[] g, int batch, int in, int out) {
    double loss = 0;
    for (int b = 0; b < batch; b++) {
      for (int o = 0; o < out; o++) {
        double z = p[in * out + o];
        for (int i = 0; i < in; i++) {
          z += x[b * in + i] * p[o * in + i];
        }
        loss += g[b * out + o] * z;
      }
    }
    return loss;
  }

  static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int k = 0; k < a.length; k++) {
      d[k] = a[k];
    }
    return d;
  }
}
