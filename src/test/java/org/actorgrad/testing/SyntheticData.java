package org.actorgrad.testing;

import org.actorgrad.data.Dataset;
import org.actorgrad.data.LoadedData;
import org.actorgrad.random.SeededRandom;

/** Small, fast, learnable data for the training and cluster tests. */
public final class SyntheticData {
  private SyntheticData() {}

  /**
   * 8x8 images of 10 classes, each class brightening one row (classes 8 and 9 a column as well),
   * plus noise: learnable in a few steps, small enough that a whole run takes milliseconds. The
   * train images come from {@code seed}, the test images from {@code seed + 1}.
   */
  public static LoadedData of(int trainCount, int testCount, long seed) {
    return new LoadedData(images("train", trainCount, seed), images("test", testCount, seed + 1), "synthetic-" + seed);
  }

  private static Dataset images(String name, int count, long seed) {
    SeededRandom rng = new SeededRandom(seed);
    byte[] pixels = new byte[count * 64]; // (count, 8 * 8)
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
}
