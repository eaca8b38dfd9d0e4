package org.actorgrad.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The warm-up runs on its own buffers, stops when asked, and never changes what a run computes. */
class KernelWarmupTest {
  private static Network network() {
    return new Network(NetworkSpec.parse(new FeatureShape(1, 8, 8), 10, "32:relu,10:softmax", "cross-entropy"));
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void stopsWhenClosedWithinItsRounds() {
    KernelWarmup warmup = KernelWarmup.start(network(), 16, 1_000_000);
    warmup.close();
    int steps = warmup.steps();
    assertTrue(steps < 1_000_000, "stopped early: " + steps);
    assertEquals(steps, warmup.steps(), "no call after close");
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aGradientComputedBesideTheWarmUpHasTheSameBits() {
    Network network = network();
    SeededRandom rng = new SeededRandom(7);
    float[] params = new float[network.parameterCount()];
    for (int i = 0; i < params.length; i++) {
      params[i] = rng.nextFloat() - 0.5f;
    }
    float[] x = new float[16 * 64]; // (16, 64)
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextFloat();
    }
    int[] labels = new int[16];
    int[] ids = new int[16];
    for (int i = 0; i < 16; i++) {
      labels[i] = i % 10;
      ids[i] = i;
    }
    float[] alone = new float[params.length];
    new GradientEngine(network, 16).gradient(alone, params, x, labels, ids, 16, 42, 0);
    float[] beside = new float[params.length];
    try (KernelWarmup warmup = KernelWarmup.start(network, 16, 1_000_000)) {
      GradientEngine engine = new GradientEngine(network, 16);
      for (int r = 0; r < 200; r++) { // long enough for the JIT to swap code under the loop
        engine.gradient(beside, params, x, labels, ids, 16, 42, 0);
        assertArrayEquals(alone, beside);
      }
    }
  }

  @Test
  void refusesAnEmptyBatchOrNoRounds() {
    assertThrows(IllegalArgumentException.class, () -> KernelWarmup.start(network(), 0, 1));
    assertThrows(IllegalArgumentException.class, () -> KernelWarmup.start(network(), 1, 0));
  }
}
