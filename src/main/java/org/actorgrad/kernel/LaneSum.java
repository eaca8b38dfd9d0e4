package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adds the 8 lanes of accumulators in the fixed tree ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)), which
 * DenseScalar repeats in scalar code. FloatVector.reduceLanes(ADD) would be shorter but its order
 * is unspecified, so its bits could differ between JDKs and CPUs. Vector API path only.
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

  static float of(FloatVector v) {
    return ((v.lane(0) + v.lane(1)) + (v.lane(2) + v.lane(3)))
        + ((v.lane(4) + v.lane(5)) + (v.lane(6) + v.lane(7)));
  }

  /**
   * The lane sums of a0..a3 in lanes 0..3 (and again in 4..7), each by the same tree as
   * {@link #of}: IEEE addition is commutative, so only the grouping matters, and it is the same.
   */
  static FloatVector of4(FloatVector a0, FloatVector a1, FloatVector a2, FloatVector a3) {
    // Lane pairs: p01 lane 2k holds a0's pair k, lane 2k+1 holds a1's pair k.
    FloatVector p01 = a0.blend(a1, ODD).add(a1.blend(a0, ODD).rearrange(SWAP1));
    FloatVector p23 = a2.blend(a3, ODD).add(a3.blend(a2, ODD).rearrange(SWAP1));
    // Quads: lane j (j < 4) holds a_j's (pair0 + pair1), lane 4 + j its (pair2 + pair3).
    FloatVector q = p01.blend(p23, BIT1).add(p23.blend(p01, BIT1).rearrange(SWAP2));
    return q.add(q.rearrange(SWAP4));
  }
}
