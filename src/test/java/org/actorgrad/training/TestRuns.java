package org.actorgrad.training;

import java.time.Duration;
import org.actorgrad.data.Dataset;
import org.actorgrad.data.LoadedData;
import org.actorgrad.random.SeededRandom;

/** Small, fast, learnable data and configurations for the training tests. */
final class TestRuns {
  private TestRuns() {}

  /**
   * 8x8 images whose class decides which row is bright, plus noise: learnable in a few steps,
   * small enough that a whole run takes milliseconds.
   */
  static LoadedData syntheticData(int trainCount, int testCount, long seed) {
    return new LoadedData(images("train", trainCount, seed), images("test", testCount, seed + 1), "synthetic-" + seed);
  }

  private static Dataset images(String name, int count, long seed) {
    SeededRandom rng = new SeededRandom(seed);
    byte[] pixels = new byte[count * 64];
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      int label = rng.nextInt(10);
      labels[i] = (byte) label;
      for (int k = 0; k < 64; k++) {
        int value = rng.nextInt(60);
        if (k / 8 == label % 8 || (label >= 8 && k % 8 == label - 8)) {
          value += 150;
        }
        pixels[i * 64 + k] = (byte) value;
      }
    }
    return Dataset.of(name, 8, 8, pixels, labels);
  }

  static TrainingConfig config(int workers, int partitions) {
    return new TrainingConfig(
        new MathOptions("16:relu,10:softmax", "cross-entropy", "momentum", 0.05f, "constant", 24, partitions, 7, 40, 0),
        2, workers, 2, Duration.ofSeconds(20));
  }
}
