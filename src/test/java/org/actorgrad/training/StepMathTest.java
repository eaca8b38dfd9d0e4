package org.actorgrad.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StepMathTest {

  @Test
  void sumsInPartitionOrderThenDivides() {
    // 1e8 + 1 - 1e8 is 0 in float when summed left to right, 1 another way: order is the math.
    float[][] g = {{1e8f, 2f}, {1f, 4f}, {-1e8f, 6f}};
    float[] out = new float[2];
    StepMath.meanGradient(out, g, 4);
    assertEquals(((1e8f + 1f) + -1e8f) / 4f, out[0]);
    assertEquals(0f, out[0]);
    assertEquals(3f, out[1]);
  }

  @Test
  void rejectsAnEmptyStep() {
    assertThrows(IllegalArgumentException.class,
        () -> StepMath.meanGradient(new float[1], new float[][] {{1f}}, 0));
  }

  @Test
  void spotsNonFiniteValues() {
    assertTrue(StepMath.allFinite(new float[] {1f, -2f}));
    assertFalse(StepMath.allFinite(new float[] {1f, Float.NaN}));
    assertFalse(StepMath.allFinite(new float[] {Float.NEGATIVE_INFINITY}));
  }
}
