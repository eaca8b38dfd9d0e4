package org.actorgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;

class LossesTest {

  @Test
  void crossEntropyOfKnownLogits() {
    float[] logits = {1f, 2f, 3f};
    float[] probs = new float[3], d = new float[3];
    double loss = Losses.softmaxCrossEntropy(d, probs, logits, new int[] {0}, 1, 3);
    double s = Math.exp(1) + Math.exp(2) + Math.exp(3);
    assertEquals(-Math.log(Math.exp(1) / s), loss, 1e-12);
    assertEquals(Math.exp(1) / s - 1, d[0], 1e-6);
    assertEquals(Math.exp(3) / s, probs[2], 1e-6);
  }

  @Test
  void crossEntropyStaysFiniteAndCorrectForHugeLogits() {
    float[] logits = {1e4f, -1e4f, 0f, -1e4f, 1e4f, 1e4f};
    float[] probs = new float[6], d = new float[6];
    // Row 0 predicts class 0 with certainty, labelled 1: loss 2e4. Row 1 splits between 1 and 2, labelled 2: log 2.
    double loss = Losses.softmaxCrossEntropy(d, probs, logits, new int[] {1, 2}, 2, 3);
    assertEquals(2e4 + Math.log(2), loss, 1e-9);
    float[] expected = {1f, -1f, 0f, 0f, 0.5f, -0.5f};
    for (int k = 0; k < 6; k++) {
      assertTrue(Float.isFinite(d[k]) && Float.isFinite(probs[k]), "finite at " + k);
      assertEquals(expected[k], d[k], 1e-7, "dlogits at " + k);
    }
  }

  /** Both losses compute in double from float inputs, so central differences agree to 1e-6 relative. */
  @Test
  void gradientsMatchFiniteDifferences() {
    SeededRandom rng = new SeededRandom(31);
    int batch = 4, classes = 7, n = batch * classes;
    float[] logits = KernelTestData.uniform(rng, n, 3f);
    int[] labels = KernelTestData.labels(rng, batch, classes);
    for (int which = 0; which < 2; which++) {
      float[] grad = new float[n];
      float[] scratch = new float[n];
      evaluate(which, grad, logits, labels, batch, classes);
      float h = 1e-2f;
      for (int k = 0; k < n; k++) {
        float saved = logits[k];
        logits[k] = saved + h;
        double up = evaluate(which, scratch, logits, labels, batch, classes);
        logits[k] = saved - h;
        double down = evaluate(which, scratch, logits, labels, batch, classes);
        double step = (double) (saved + h) - (saved - h);
        logits[k] = saved;
        double numeric = (up - down) / step;
        // Cross-entropy is not quadratic: truncation error h²·f'''/6 ≤ 1e-4·0.1; MSE's is zero.
        assertEquals(numeric, grad[k], 2e-5 + 1e-6 * Math.abs(numeric), (which == 0 ? "CE" : "MSE") + " at " + k);
      }
    }
  }

  @Test
  void meanSquaredErrorReductionIsTheMeanOverClassesSummedOverTheBatch() {
    float[] out = {0.5f, 0.25f, 0f, 1f};
    float[] d = new float[4];
    double loss = Losses.meanSquaredError(d, out, new int[] {0, 0}, 2, 2);
    // Sample 0: ((0.5-1)² + 0.25²)/2 = 0.15625; sample 1: ((0-1)² + 1²)/2 = 1.
    assertEquals(1.15625, loss, 1e-12);
    assertEquals(2 * (0.5 - 1) / 2, d[0], 0);
    assertEquals(2 * 0.25 / 2, d[1], 0);
    assertEquals(2 * (0 - 1) / 2, d[2], 0);
    assertEquals(2 * 1 / 2.0, d[3], 0);
  }

  @Test
  void rejectsLabelsOutOfRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Losses.softmaxCrossEntropy(new float[6], new float[6], new float[6], new int[] {0, 3}, 2, 3));
    assertEquals("label 3 of sample 1 is outside [0, 3)", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Losses.meanSquaredError(new float[6], new float[6], new int[] {-1, 0}, 2, 3));
    assertThrows(IllegalArgumentException.class,
        () -> Losses.meanSquaredError(new float[6], new float[6], new int[] {0}, 2, 3));
  }

  private static double evaluate(int which, float[] grad, float[] logits, int[] labels, int batch, int classes) {
    if (which == 0) {
      return Losses.softmaxCrossEntropy(grad, new float[logits.length], logits, labels, batch, classes);
    }
    return Losses.meanSquaredError(grad, logits, labels, batch, classes);
  }
}
