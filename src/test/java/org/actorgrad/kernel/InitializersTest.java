package org.actorgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;

class InitializersTest {
  static final int FAN_IN = 784, FAN_OUT = 128, N = FAN_IN * FAN_OUT;

  @Test
  void sameSeedSameWeightsDifferentSeedDifferentWeights() {
    float[] a = new float[N + 5], b = new float[N + 5], c = new float[N + 5];
    Initializers.heNormal(a, 5, FAN_IN, FAN_OUT, new SeededRandom(7));
    Initializers.heNormal(b, 5, FAN_IN, FAN_OUT, new SeededRandom(7));
    Initializers.heNormal(c, 5, FAN_IN, FAN_OUT, new SeededRandom(8));
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c));
    assertEquals(0f, a[4]); // nothing written before wOff
    Initializers.xavierUniform(a, 5, FAN_IN, FAN_OUT, new SeededRandom(7));
    Initializers.xavierUniform(b, 5, FAN_IN, FAN_OUT, new SeededRandom(7));
    assertArrayEquals(a, b);
  }

  /** 100k draws: the sample variance's standard error is about 0.45% (normal) / 0.28% (uniform); allow 2%. */
  @Test
  void heNormalHasVarianceTwoOverFanIn() {
    float[] w = new float[N];
    Initializers.heNormal(w, 0, FAN_IN, FAN_OUT, new SeededRandom(1));
    double[] m = moments(w);
    assertEquals(0, m[0], 0.01 * Math.sqrt(2.0 / FAN_IN));
    assertEquals(2.0 / FAN_IN, m[1], 0.02 * 2.0 / FAN_IN);
  }

  @Test
  void xavierUniformStaysInsideItsLimitWithTheUniformVariance() {
    float[] w = new float[N];
    Initializers.xavierUniform(w, 0, FAN_IN, FAN_OUT, new SeededRandom(2));
    double limit = Math.sqrt(6.0 / (FAN_IN + FAN_OUT));
    double max = 0;
    for (float v : w) {
      max = Math.max(max, Math.abs(v));
    }
    assertTrue(max <= limit, "max " + max + " > limit " + limit);
    assertTrue(max > 0.999 * limit, "draws should reach near the limit, max " + max);
    double[] m = moments(w);
    assertEquals(limit * limit / 3, m[1], 0.02 * limit * limit / 3);
  }

  @Test
  void initializeLayerPicksByActivationAndZeroesBiases() {
    float[] p = new float[3 * 2 + 2];
    Arrays.fill(p, 9f);
    Initializers.initializeLayer(p, 0, 6, 3, 2, Activation.RELU, new SeededRandom(4));
    float[] he = new float[6];
    Initializers.heNormal(he, 0, 3, 2, new SeededRandom(4));
    assertArrayEquals(he, Arrays.copyOf(p, 6));
    assertEquals(0f, p[6]);
    assertEquals(0f, p[7]);
    Initializers.initializeLayer(p, 0, 6, 3, 2, Activation.SOFTMAX, new SeededRandom(4));
    float[] xa = new float[6];
    Initializers.xavierUniform(xa, 0, 3, 2, new SeededRandom(4));
    assertArrayEquals(xa, Arrays.copyOf(p, 6));
  }

  private static double[] moments(float[] w) {
    double sum = 0, sumSq = 0;
    for (float v : w) {
      sum += v;
      sumSq += (double) v * v;
    }
    double mean = sum / w.length;
    return new double[] {mean, sumSq / w.length - mean * mean};
  }
}
