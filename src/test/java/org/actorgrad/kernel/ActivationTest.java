package org.actorgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;

class ActivationTest {

  @Test
  void parsesSpecNamesAndRejectsOthersWithTheList() {
    for (Activation a : Activation.values()) {
      assertSame(a, Activation.parse(a.id()));
    }
    assertSame(Activation.LEAKY_RELU, Activation.parse("leakyrelu"));
    assertEquals("leaky_relu", Activation.LEAKY_RELU.id());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.parse("rleu"));
    assertEquals("unknown activation 'rleu' (expected one of relu, leaky_relu, tanh, sigmoid, linear, step, softmax)",
        e.getMessage());
  }

  @Test
  void forwardValuesAtKnownPoints() {
    float[] z = {-2f, 0f, 3f};
    assertArray(new float[] {0f, 0f, 3f}, apply(Activation.RELU, z));
    assertArray(new float[] {-0.02f, 0f, 3f}, apply(Activation.LEAKY_RELU, z));
    assertArray(new float[] {(float) Math.tanh(-2), 0f, (float) Math.tanh(3)}, apply(Activation.TANH, z));
    assertArray(new float[] {(float) (1 / (1 + Math.exp(2))), 0.5f, (float) (1 / (1 + Math.exp(-3)))},
        apply(Activation.SIGMOID, z));
    assertArray(z, apply(Activation.LINEAR, z));
    assertArray(new float[] {0f, 0f, 1f}, apply(Activation.STEP, z));
    double s = Math.exp(-2) + 1 + Math.exp(3);
    assertArray(new float[] {(float) (Math.exp(-2) / s), (float) (1 / s), (float) (Math.exp(3) / s)},
        apply(Activation.SOFTMAX, z));
  }

  @Test
  void softmaxIsPerRowAndSurvivesHugeLogits() {
    float[] z = {1e4f, -1e4f, 0f, 1f, 2f, 3f};
    float[] a = new float[6];
    Activation.SOFTMAX.forward(a, z, 2, 3);
    assertArray(new float[] {1f, 0f, 0f}, new float[] {a[0], a[1], a[2]});
    assertEquals(1.0, a[3] + a[4] + a[5], 1e-6);
  }

  /**
   * Backward against central differences of L = Σ g ⊙ f(z), evaluated on the float forward.
   * h = 1e-3 and float outputs (relative error 6e-8) give a difference error near 1e-4; we allow 5e-4
   * absolute plus 1e-3 relative. Points within 2h of a kink (relu, leaky relu, step at 0) are moved.
   */
  @Test
  void backwardMatchesFiniteDifferencesForEveryActivation() {
    SeededRandom rng = new SeededRandom(21);
    int batch = 3, width = 5, n = batch * width;
    for (Activation act : Activation.values()) {
      float[] z = KernelTestData.uniform(rng, n, 2f);
      for (int k = 0; k < n; k++) {
        if (Math.abs(z[k]) < 0.01f) {
          z[k] = 0.5f;
        }
      }
      float[] g = KernelTestData.uniform(rng, n, 1f);
      float[] a = new float[n];
      act.forward(a, z, batch, width);
      float[] dz = new float[n];
      act.backward(dz, g, z, a, batch, width);
      float h = 1e-3f;
      for (int k = 0; k < n; k++) {
        float saved = z[k];
        z[k] = saved + h;
        double up = probe(act, z, g, batch, width);
        z[k] = saved - h;
        double down = probe(act, z, g, batch, width);
        double step = (double) (saved + h) - (saved - h); // the float grid's actual 2h
        z[k] = saved;
        double numeric = (up - down) / step;
        assertEquals(numeric, dz[k], 5e-4 + 1e-3 * Math.abs(numeric), act + " at " + k);
      }
    }
  }

  @Test
  void stepBlocksTheGradientAndNothingElseDoes() {
    for (Activation a : Activation.values()) {
      assertEquals(a == Activation.STEP, a.blocksGradient(), a.id());
    }
    float[] z = {-1f, 0.5f, 2f};
    float[] dz = {9f, 9f, 9f};
    Activation.STEP.backward(dz, new float[] {1f, 2f, 3f}, z, apply(Activation.STEP, z), 1, 3);
    assertArray(new float[] {0f, 0f, 0f}, dz);
    assertFalse(Activation.RELU.blocksGradient());
  }

  @Test
  void rejectsShortBuffers() {
    assertThrows(IllegalArgumentException.class, () -> Activation.RELU.forward(new float[5], new float[6], 2, 3));
    assertThrows(IllegalArgumentException.class,
        () -> Activation.TANH.backward(new float[6], new float[6], new float[6], new float[5], 2, 3));
  }

  private static double probe(Activation act, float[] z, float[] g, int batch, int width) {
    float[] a = new float[z.length];
    act.forward(a, z, batch, width);
    double loss = 0;
    for (int k = 0; k < a.length; k++) {
      loss += (double) g[k] * a[k];
    }
    return loss;
  }

  private static float[] apply(Activation act, float[] z) {
    float[] a = new float[z.length];
    act.forward(a, z, 1, z.length);
    return a;
  }

  private static void assertArray(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int k = 0; k < expected.length; k++) {
      assertEquals(expected[k], actual[k], 1e-6f * Math.max(1f, Math.abs(expected[k])), "at " + k);
      assertTrue(Float.isFinite(actual[k]));
    }
  }
}
