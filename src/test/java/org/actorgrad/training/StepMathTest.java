package org.actorgrad.training;

import static org.actorgrad.testing.FloatBits.assertBitIdentical;
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
  void givesTheBitsOfAPassPerPartitionThenADivisionForAnyPartitionCount() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    for (int partitions = 1; partitions <= 5; partitions++) {
      float[][] g = new float[partitions][1003];
      for (float[] row : g) {
        for (int i = 0; i < row.length; i++) {
          row[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-8, 9)));
        }
      }
      g[0][7] = Float.NaN;
      g[partitions - 1][8] = Float.POSITIVE_INFINITY;
      g[0][9] = -0f;
      float[] expected = g[0].clone(); // the plain way: one pass per partition, then one division
      for (int p = 1; p < partitions; p++) {
        for (int i = 0; i < expected.length; i++) {
          expected[i] += g[p][i];
        }
      }
      for (int i = 0; i < expected.length; i++) {
        expected[i] /= 37f;
      }
      float[] out = new float[1003];
      StepMath.meanGradient(out, g, 37);
      assertBitIdentical(expected, out, partitions + " partitions");
    }
  }

  /** The fused pass gives meanGradient's bits and allFinite's verdict, for any partition count and length. */
  @Test
  void meanAndFinitenessInOnePassEqualTheTwoPasses() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(12);
    for (int partitions = 1; partitions <= 5; partitions++) {
      for (int n : new int[] {1, 7, 9, 1003}) {
        for (String poison : new String[] {"none", "nan", "inf", "overflow"}) {
          float[][] g = new float[partitions][n];
          for (float[] row : g) {
            for (int i = 0; i < n; i++) {
              row[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-8, 9)));
            }
          }
          int at = n - 1; // the last element: the loop's tail
          switch (poison) {
            case "nan" -> g[partitions - 1][at] = Float.NaN;
            case "inf" -> g[0][at] = Float.NEGATIVE_INFINITY;
            case "overflow" -> { // every input finite, the sum is not (with one partition, the value itself)
              for (float[] row : g) {
                row[at] = Float.MAX_VALUE;
              }
              if (partitions == 1) {
                g[0][at] = Float.POSITIVE_INFINITY;
              }
            }
            default -> { }
          }
          float[] expected = new float[n];
          StepMath.meanGradient(expected, g, 3);
          float[] out = new float[n];
          boolean finite = StepMath.meanGradientAllFinite(out, g, 3);
          String what = partitions + " partitions, n=" + n + ", " + poison;
          assertBitIdentical(expected, out, what);
          assertEquals(StepMath.allFinite(expected), finite, what);
          assertEquals(poison.equals("none"), finite, what);
          // Both paths, whichever this JVM uses: the scalar pass and the Vector API's.
          float[] sum = g[0];
          if (partitions > 2) {
            sum = new float[n];
            StepMath.meanGradient(sum, java.util.Arrays.copyOf(g, partitions - 1), 1);
          }
          float[] last = partitions == 1 ? null : g[partitions - 1];
          float[] scalar = new float[n];
          float[] vector = new float[n];
          assertEquals(poison.equals("none"), StepMath.lastPass(scalar, sum, last, 3f, n) >= 0, what);
          assertEquals(poison.equals("none"), StepMathVector.lastPass(vector, sum, last, 3f, n) >= 0, what);
          assertBitIdentical(expected, scalar, what + ", scalar");
          assertBitIdentical(expected, vector, what + ", vector");
        }
      }
    }
    assertThrows(IllegalArgumentException.class,
        () -> StepMath.meanGradientAllFinite(new float[1], new float[][] {{1f}}, 0));
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
