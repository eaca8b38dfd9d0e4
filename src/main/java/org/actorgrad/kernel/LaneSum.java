package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;

/**
 * Adds the 8 lanes of an accumulator in the fixed order ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)).
 * FloatVector.reduceLanes(ADD) would be faster to write but its order is unspecified, so its bits
 * could differ between JDKs and CPUs. Vector API path only.
 */
final class LaneSum {
  private LaneSum() {}

  static float of(FloatVector v) {
    return ((v.lane(0) + v.lane(1)) + (v.lane(2) + v.lane(3)))
        + ((v.lane(4) + v.lane(5)) + (v.lane(6) + v.lane(7)));
  }
}
