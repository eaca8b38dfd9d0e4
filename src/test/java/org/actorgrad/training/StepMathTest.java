package org.actorgrad.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
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
  void equalsAnAddThenDivideReferenceBitForBitForOneToFourPartitions() {
    SplittableRandom random = new SplittableRandom(7);
    float[] edges = {0f, -0f, Float.MIN_VALUE, -Float.MIN_NORMAL, 3e38f, -3e38f, 1e-30f};
    for (int parts = 1; parts <= 4; parts++) {
      float[][] g = new float[parts][1000];
      for (float[] row : g) {
        for (int i = 0; i < row.length; i++) {
          row[i] = i < edges.length ? edges[(i + parts) % edges.length] : (float) random.nextGaussian() * 1e-3f;
        }
      }
      float[] reference = g[0].clone(); // the plain way: copy, add in partition order, divide
      for (int p = 1; p < parts; p++) {
        for (int i = 0; i < reference.length; i++) {
          reference[i] += g[p][i];
        }
      }
      for (int i = 0; i < reference.length; i++) {
        reference[i] /= 64f;
      }
      float[] out = new float[1000];
      StepMath.meanGradient(out, g, 64);
      for (int i = 0; i < out.length; i++) {
        assertEquals(Float.floatToRawIntBits(reference[i]), Float.floatToRawIntBits(out[i]), parts + " parts, at " + i);
      }
    }
  }

  @Test
  void spotsNonFiniteValues() {
    assertTrue(StepMath.meanGradient(new float[2], new float[][] {{1f, -2f}, {3e38f, 1f}}, 2));
    assertFalse(StepMath.meanGradient(new float[2], new float[][] {{1f, Float.NaN}}, 1));
    assertFalse(StepMath.meanGradient(new float[1], new float[][] {{Float.NEGATIVE_INFINITY}, {1f}}, 1));
    assertFalse(StepMath.meanGradient(new float[1], new float[][] {{3e38f}, {3e38f}}, 1), "overflows to infinity");
  }
}
