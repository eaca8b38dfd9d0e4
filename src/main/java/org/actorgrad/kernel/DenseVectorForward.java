package org.actorgrad.kernel;

import static org.actorgrad.kernel.LaneSum.halves;
import static org.actorgrad.kernel.LaneSum.pairs;
import static org.actorgrad.kernel.LaneSum.quads;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * z = x·Wᵀ + b with the Vector API, in exactly DenseScalar's arithmetic. x and W are both
 * contiguous along the input dimension, so each output is a dot product kept in 8 lanes.
 *
 * <p>Most of training's time is spent here. The micro-kernel takes one row of x against 4 rows of W
 * (4 accumulators, 5 loads per 4 FMAs); the 4 rows of W (4·in floats) stay in L1 while the batch
 * streams past them. Its 4 lane sums come out of one in-register tree as lanes 0..3 of a vector,
 * stored with one 8-lane store. Larger blocks (3 rows of x) were faster only while they compiled
 * well: C2's inlining node budget (NodeCountInliningCutoff) then left the tree's helpers as calls,
 * the accumulators were boxed, and the kernel ran 3 to 50 times slower on Java 17.
 *
 * <p>The raw lane sums are stored first; a scalar pass then fuses the in % 8 tail products and adds
 * the bias, as DenseScalar does.
 */
final class DenseVectorForward {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  private static final VectorMask<Float> UPPER =
      VectorMask.fromValues(S, false, false, false, false, true, true, true, true);

  private DenseVectorForward() {}

  static void forward(float[] z, float[] x, float[] params, int wOff, int bOff,
      int batch, int in, int out) {
    int in8 = in - in % 8;
    int out4 = out < 8 ? 0 : out - out % 4; // blocks of 4 need 8 outputs of room for their store
    for (int o = 0; o < out4; o += 4) {
      boolean last = o + 8 > out;
      for (int b = 0; b < batch; b++) {
        if (last) {
          blockIntoUpperHalf(z, x, params, wOff, b, o, in8, in, out);
        } else {
          block(z, x, params, wOff, b, o, in8, in, out);
        }
      }
    }
    for (int o = out4; o < out; o++) {
      for (int b = 0; b < batch; b++) {
        single(z, x, params, wOff, b, o, in8, in, out);
      }
    }
    tailAndBias(z, x, params, wOff, bOff, batch, in8, in, out);
  }

  /**
   * Lane sums of outputs (b, o..o+3) into z[b, o..o+8): lanes 4..7 are junk that the next block,
   * computed later, overwrites. Needs o + 8 ≤ out.
   */
  private static void block(float[] z, float[] x, float[] p, int wOff, int b, int o,
      int in8, int in, int out) {
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
    halves(quads(pairs(c0, c1), pairs(c2, c3))).intoArray(z, b * out + o);
  }

  /**
   * The last block of a row, where o + 8 > out: stored into z[b, o-4..o+4) keeping lanes 0..3
   * (the previous block's finished sums). Needs o ≥ 4.
   */
  private static void blockIntoUpperHalf(float[] z, float[] x, float[] p, int wOff, int b, int o,
      int in8, int in, int out) {
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
    int at = b * out + o - 4;
    FloatVector.fromArray(S, z, at).blend(halves(quads(pairs(c0, c1), pairs(c2, c3))), UPPER).intoArray(z, at);
  }

  /** Lane sum of one output (b, o): for the last out % 4 outputs, or all when out < 8. */
  private static void single(float[] z, float[] x, float[] p, int wOff, int b, int o,
      int in8, int in, int out) {
    int xRow = b * in, wRow = wOff + o * in;
    FloatVector v = FloatVector.zero(S);
    for (int i = 0; i < in8; i += 8) {
      v = FloatVector.fromArray(S, x, xRow + i).fma(FloatVector.fromArray(S, p, wRow + i), v);
    }
    // Written out here, not in a helper: a helper taking v might not be inlined and would box it.
    z[b * out + o] = ((v.lane(0) + v.lane(1)) + (v.lane(2) + v.lane(3)))
        + ((v.lane(4) + v.lane(5)) + (v.lane(6) + v.lane(7)));
  }

  /** DenseScalar's ending for every output: the last in % 8 products fused in order, then the bias. */
  private static void tailAndBias(float[] z, float[] x, float[] p, int wOff, int bOff,
      int batch, int in8, int in, int out) {
    for (int b = 0; b < batch; b++) {
      for (int o = 0; o < out; o++) {
        float s = z[b * out + o];
        int xRow = b * in, wRow = wOff + o * in;
        for (int i = in8; i < in; i++) {
          s = Math.fma(x[xRow + i], p[wRow + i], s);
        }
        z[b * out + o] = s + p[bOff + o];
      }
    }
  }
}
