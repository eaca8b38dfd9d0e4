package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * z = x·Wᵀ + b with the Vector API, in exactly DenseScalar's arithmetic. Both x and W are
 * contiguous along the input dimension, so each output is a dot product of 8-lane accumulators.
 * Most of training's time is spent here: a micro-kernel keeps 3 rows of x × 4 rows of W = 12
 * accumulators in registers (12 + 3 x loads + 1 W load = the 16 AVX2 registers), so each load
 * feeds 3 or 4 FMAs; W's 4 rows (4·in floats) stay in L1 while all rows of x stream past them.
 */
final class DenseVectorForward {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

  private DenseVectorForward() {}

  static void forward(float[] z, float[] x, float[] params, int wOff, int bOff,
      int batch, int in, int out) {
    int out4 = out - out % 4;
    int batch3 = batch - batch % 3;
    for (int o = 0; o < out4; o += 4) {
      for (int b = 0; b < batch3; b += 3) {
        block3x4(z, x, params, wOff, bOff, b, o, in, out);
      }
      for (int b = batch3; b < batch; b++) {
        block1x4(z, x, params, wOff, bOff, b, o, in, out);
      }
    }
    for (int o = out4; o < out; o++) {
      for (int b = 0; b < batch; b++) {
        single(z, x, params, wOff, bOff, b, o, in, out);
      }
    }
  }

  private static void block3x4(float[] z, float[] x, float[] p, int wOff, int bOff,
      int b, int o, int in, int out) {
    int in8 = in - in % 8;
    int x0 = b * in, x1 = x0 + in, x2 = x1 + in;
    int w0 = wOff + o * in, w1 = w0 + in, w2 = w1 + in, w3 = w2 + in;
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
    for (int i = 0; i < in8; i += 8) {
      FloatVector xa = FloatVector.fromArray(S, x, x0 + i);
      FloatVector xb = FloatVector.fromArray(S, x, x1 + i);
      FloatVector xc = FloatVector.fromArray(S, x, x2 + i);
      FloatVector w = FloatVector.fromArray(S, p, w0 + i);
      c00 = xa.fma(w, c00);
      c10 = xb.fma(w, c10);
      c20 = xc.fma(w, c20);
      w = FloatVector.fromArray(S, p, w1 + i);
      c01 = xa.fma(w, c01);
      c11 = xb.fma(w, c11);
      c21 = xc.fma(w, c21);
      w = FloatVector.fromArray(S, p, w2 + i);
      c02 = xa.fma(w, c02);
      c12 = xb.fma(w, c12);
      c22 = xc.fma(w, c22);
      w = FloatVector.fromArray(S, p, w3 + i);
      c03 = xa.fma(w, c03);
      c13 = xb.fma(w, c13);
      c23 = xc.fma(w, c23);
    }
    finish4(z, x, p, wOff, bOff, b, o, in, out, LaneSum.of4(c00, c01, c02, c03));
    finish4(z, x, p, wOff, bOff, b + 1, o, in, out, LaneSum.of4(c10, c11, c12, c13));
    finish4(z, x, p, wOff, bOff, b + 2, o, in, out, LaneSum.of4(c20, c21, c22, c23));
  }

  private static void block1x4(float[] z, float[] x, float[] p, int wOff, int bOff,
      int b, int o, int in, int out) {
    int in8 = in - in % 8;
    int x0 = b * in;
    int w0 = wOff + o * in, w1 = w0 + in, w2 = w1 + in, w3 = w2 + in;
    FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
    for (int i = 0; i < in8; i += 8) {
      FloatVector xa = FloatVector.fromArray(S, x, x0 + i);
      c0 = xa.fma(FloatVector.fromArray(S, p, w0 + i), c0);
      c1 = xa.fma(FloatVector.fromArray(S, p, w1 + i), c1);
      c2 = xa.fma(FloatVector.fromArray(S, p, w2 + i), c2);
      c3 = xa.fma(FloatVector.fromArray(S, p, w3 + i), c3);
    }
    finish4(z, x, p, wOff, bOff, b, o, in, out, LaneSum.of4(c0, c1, c2, c3));
  }

  /**
   * Adds the scalar tail and the bias to the lane sums of outputs (b, o..o+3) and stores them.
   * Without a tail and with 8 outputs of room, one 8-lane add and store do it: lanes 4..7 then
   * hold junk that the next block of 4 outputs, computed later, overwrites.
   */
  private static void finish4(float[] z, float[] x, float[] p, int wOff, int bOff, int b, int o,
      int in, int out, FloatVector sums) {
    int zRow = b * out;
    if (in % 8 == 0 && o + 8 <= out) {
      sums.add(FloatVector.fromArray(S, p, bOff + o)).intoArray(z, zRow + o);
      return;
    }
    for (int r = 0; r < 4; r++) {
      z[zRow + o + r] = tailAndBias(sums.lane(r), x, b * in, p, wOff + (o + r) * in, bOff + o + r, in);
    }
  }

  /** DenseScalar's ending: the last in % 8 products fused one by one, then the bias. */
  private static float tailAndBias(float s, float[] x, int xRow, float[] p, int wRow, int bIndex, int in) {
    for (int i = in - in % 8; i < in; i++) {
      s = Math.fma(x[xRow + i], p[wRow + i], s);
    }
    return s + p[bIndex];
  }

  /** One output (b, o): only for the last out % 4 outputs of each row. */
  private static void single(float[] z, float[] x, float[] p, int wOff, int bOff,
      int b, int o, int in, int out) {
    int in8 = in - in % 8;
    int xRow = b * in, wRow = wOff + o * in;
    FloatVector acc = FloatVector.zero(S);
    for (int i = 0; i < in8; i += 8) {
      acc = FloatVector.fromArray(S, x, xRow + i).fma(FloatVector.fromArray(S, p, wRow + i), acc);
    }
    z[b * out + o] = tailAndBias(LaneSum.of(acc), x, xRow, p, wRow, bOff + o, in);
  }
}
