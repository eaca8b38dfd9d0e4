package org.actorgrad.kernel;

import static org.actorgrad.kernel.LaneSum.BIT1;
import static org.actorgrad.kernel.LaneSum.ODD;
import static org.actorgrad.kernel.LaneSum.SWAP1;
import static org.actorgrad.kernel.LaneSum.SWAP2;
import static org.actorgrad.kernel.LaneSum.SWAP4;
import static org.actorgrad.kernel.LaneSum.UPPER;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * z = x·Wᵀ + b with the Vector API, in exactly DenseScalar's arithmetic. x and W are both
 * contiguous along the input dimension, so each output is a dot product kept in 8 lanes.
 *
 * <p>Most of training's time is spent here. The micro-kernel takes 3 rows of x against 4 rows of W:
 * 12 accumulators + 3 x vectors + 1 W vector fill the 16 AVX2 registers, and each load feeds 3 or 4
 * FMAs; the 4 rows of W (4·in floats) stay in L1 while the batch streams past them. The lane sums
 * of 4 accumulators come out of one in-register tree (see {@link LaneSum}) as lanes 0..3 of a
 * vector, written with one 8-lane store: lanes 4..7 land on the next block's outputs, which are
 * computed later and overwrite them; the last block of a row (o + 8 > out) blends into the
 * previous block's store instead.
 *
 * <p>The trees are written out in the kernels on purpose. As helper methods taking vectors they
 * were sometimes left un-inlined (C2's NodeCountInliningCutoff, depending on what the kernel was
 * inlined into), the accumulators were then boxed on the heap and the kernel ran 3 to 50 times
 * slower; the Vector API's own methods are force-inlined and never hit that limit.
 *
 * <p>The raw lane sums are stored first; a scalar pass then fuses the in % 8 tail products and adds
 * the bias, as DenseScalar does.
 */
final class DenseVectorForward {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

  private DenseVectorForward() {}

  static void forward(float[] z, float[] x, float[] params, int wOff, int bOff,
      int batch, int in, int out) {
    int in8 = in - in % 8;
    int out4 = out < 8 ? 0 : out - out % 4; // a block's 8-lane store needs 8 outputs in the row
    int batch3 = batch - batch % 3;
    for (int o = 0; o < out4; o += 4) {
      boolean last = o + 8 > out;
      for (int b = 0; b < batch3; b += 3) {
        block3x4(z, x, params, wOff, b, o, in8, in, out, last);
      }
      for (int b = batch3; b < batch; b++) {
        block1x4(z, x, params, wOff, b, o, in8, in, out, last);
      }
    }
    for (int o = out4; o < out; o++) {
      for (int b = 0; b < batch; b++) {
        single(z, x, params, wOff, b, o, in8, in, out);
      }
    }
    tailAndBias(z, x, params, wOff, bOff, batch, in8, in, out);
  }

  /** Lane sums of outputs (b..b+2, o..o+3). */
  private static void block3x4(float[] z, float[] x, float[] p, int wOff, int b, int o,
      int in8, int in, int out, boolean last) {
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
    FloatVector s0p = c00.blend(c01, ODD).add(c01.blend(c00, ODD).rearrange(SWAP1));
    FloatVector s0q = c02.blend(c03, ODD).add(c03.blend(c02, ODD).rearrange(SWAP1));
    FloatVector s0h = s0p.blend(s0q, BIT1).add(s0q.blend(s0p, BIT1).rearrange(SWAP2));
    FloatVector s0 = s0h.add(s0h.rearrange(SWAP4));
    FloatVector s1p = c10.blend(c11, ODD).add(c11.blend(c10, ODD).rearrange(SWAP1));
    FloatVector s1q = c12.blend(c13, ODD).add(c13.blend(c12, ODD).rearrange(SWAP1));
    FloatVector s1h = s1p.blend(s1q, BIT1).add(s1q.blend(s1p, BIT1).rearrange(SWAP2));
    FloatVector s1 = s1h.add(s1h.rearrange(SWAP4));
    FloatVector s2p = c20.blend(c21, ODD).add(c21.blend(c20, ODD).rearrange(SWAP1));
    FloatVector s2q = c22.blend(c23, ODD).add(c23.blend(c22, ODD).rearrange(SWAP1));
    FloatVector s2h = s2p.blend(s2q, BIT1).add(s2q.blend(s2p, BIT1).rearrange(SWAP2));
    FloatVector s2 = s2h.add(s2h.rearrange(SWAP4));
    int r0 = b * out + o, r1 = r0 + out, r2 = r1 + out;
    if (!last) {
      s0.intoArray(z, r0);
      s1.intoArray(z, r1);
      s2.intoArray(z, r2);
    } else {
      FloatVector.fromArray(S, z, r0 - 4).blend(s0, UPPER).intoArray(z, r0 - 4);
      FloatVector.fromArray(S, z, r1 - 4).blend(s1, UPPER).intoArray(z, r1 - 4);
      FloatVector.fromArray(S, z, r2 - 4).blend(s2, UPPER).intoArray(z, r2 - 4);
    }
  }

  /** Lane sums of outputs (b, o..o+3): the batch % 3 rows left over by block3x4. */
  private static void block1x4(float[] z, float[] x, float[] p, int wOff, int b, int o,
      int in8, int in, int out, boolean last) {
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
    FloatVector sp = c0.blend(c1, ODD).add(c1.blend(c0, ODD).rearrange(SWAP1));
    FloatVector sq = c2.blend(c3, ODD).add(c3.blend(c2, ODD).rearrange(SWAP1));
    FloatVector sh = sp.blend(sq, BIT1).add(sq.blend(sp, BIT1).rearrange(SWAP2));
    FloatVector s = sh.add(sh.rearrange(SWAP4));
    int r = b * out + o;
    if (!last) {
      s.intoArray(z, r);
    } else {
      FloatVector.fromArray(S, z, r - 4).blend(s, UPPER).intoArray(z, r - 4);
    }
  }

  /** Lane sum of one output (b, o): for the last out % 4 outputs, or all when out < 8. */
  private static void single(float[] z, float[] x, float[] p, int wOff, int b, int o,
      int in8, int in, int out) {
    int xRow = b * in, wRow = wOff + o * in;
    FloatVector v = FloatVector.zero(S);
    for (int i = 0; i < in8; i += 8) {
      v = FloatVector.fromArray(S, x, xRow + i).fma(FloatVector.fromArray(S, p, wRow + i), v);
    }
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
