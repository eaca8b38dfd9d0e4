package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adds the 8 lanes of four accumulators at once, each in the fixed tree
 * ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)) that DenseScalar repeats in scalar code.
 * FloatVector.reduceLanes(ADD) would be shorter but its order is unspecified, so its bits could
 * differ between JDKs and CPUs. Vector API path only.
 */
final class LaneSum {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  private static final VectorMask<Float> ODD =
      VectorMask.fromValues(S, false, true, false, true, false, true, false, true);
  private static final VectorMask<Float> BIT1 =
      VectorMask.fromValues(S, false, false, true, true, false, false, true, true);
  private static final VectorShuffle<Float> SWAP1 = VectorShuffle.fromValues(S, 1, 0, 3, 2, 5, 4, 7, 6);
  private static final VectorShuffle<Float> SWAP2 = VectorShuffle.fromValues(S, 2, 3, 0, 1, 6, 7, 4, 5);
  private static final VectorShuffle<Float> SWAP4 = VectorShuffle.fromValues(S, 4, 5, 6, 7, 0, 1, 2, 3);

  private LaneSum() {}

  // Each helper stays under C2's 35-bytecode always-inline size: a vector passed to a call that is
  // not inlined must be boxed on the heap, and C2 may then box inside the hot loop (50x slower).

  /** Lane 2k holds a's pair k (lanes 2k, 2k+1 added), lane 2k+1 holds b's pair k. */
  static FloatVector pairs(FloatVector a, FloatVector b) {
    return a.blend(b, ODD).add(b.blend(a, ODD).rearrange(SWAP1));
  }

  /** From two pairs() results of a0,a1 and a2,a3: lane j < 4 holds a_j's pairs 0+1, lane 4+j its pairs 2+3. */
  static FloatVector quads(FloatVector p01, FloatVector p23) {
    return p01.blend(p23, BIT1).add(p23.blend(p01, BIT1).rearrange(SWAP2));
  }

  /**
   * From quads(): lanes j and 4+j both hold a_j's total ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)):
   * IEEE addition is commutative, so swapping operands never changes bits, only grouping would.
   */
  static FloatVector halves(FloatVector q) {
    return q.add(q.rearrange(SWAP4));
  }
}
