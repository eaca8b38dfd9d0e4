package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Constants of the in-register lane-sum tree used by {@link DenseVectorForward}, which adds the 8
 * lanes of 4 accumulators a0..a3 at once, each in the fixed order
 * ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)) that DenseScalar repeats in scalar code.
 * FloatVector.reduceLanes(ADD) would be shorter but its order is unspecified, so its bits could
 * differ between JDKs and CPUs. The tree, for a0, a1 (and a2, a3 alike):
 * <pre>
 *   p = a0.blend(a1, ODD) + a1.blend(a0, ODD).rearrange(SWAP1)  lane 2k: a0's pair k, 2k+1: a1's
 *   h = p01.blend(p23, BIT1) + p23.blend(p01, BIT1).rearrange(SWAP2)  lane j: a_j's pairs 0+1, 4+j: 2+3
 *   s = h + h.rearrange(SWAP4)                                  lanes j and 4+j: a_j's total
 * </pre>
 * IEEE addition is commutative, so swapped operands never change bits; only grouping would.
 */
final class LaneSum {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  static final VectorMask<Float> ODD =
      VectorMask.fromValues(S, false, true, false, true, false, true, false, true);
  static final VectorMask<Float> BIT1 =
      VectorMask.fromValues(S, false, false, true, true, false, false, true, true);
  static final VectorMask<Float> UPPER =
      VectorMask.fromValues(S, false, false, false, false, true, true, true, true);
  static final VectorShuffle<Float> SWAP1 = VectorShuffle.fromValues(S, 1, 0, 3, 2, 5, 4, 7, 6);
  static final VectorShuffle<Float> SWAP2 = VectorShuffle.fromValues(S, 2, 3, 0, 1, 6, 7, 4, 5);
  static final VectorShuffle<Float> SWAP4 = VectorShuffle.fromValues(S, 4, 5, 6, 7, 0, 1, 2, 3);

  private LaneSum() {}
}
