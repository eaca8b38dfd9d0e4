package org.actorgrad.data;

import java.util.Arrays;
import org.actorgrad.random.SeededRandom;

/** Holds out a validation set from the training samples, reproducibly from the run's seed. */
public final class Splits {
  /** Names the split's random stream ("SPLIT" in ASCII) so it never coincides with another use of the seed. */
  static final long SPLIT_STREAM = 0x53504C4954L;

  private Splits() {}

  /**
   * Holds out {@code validation} samples by a seeded shuffle (SeededRandom.derive(seed, SPLIT_STREAM)),
   * after taking the first {@code limit} samples of the training set when limit > 0. Both arrays
   * sorted ascending.
   */
  public static Split split(int count, int validation, int limit, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("expected at least 1 training sample, found " + count);
    }
    if (limit < 0 || limit > count) {
      throw new IllegalArgumentException(
          "expected a limit between 0 (no limit) and the " + count + " training samples, found " + limit);
    }
    int used = limit > 0 ? limit : count;
    if (validation < 0 || validation >= used) {
      throw new IllegalArgumentException("expected a validation size from 0 to " + (used - 1)
          + " (fewer than the " + used + " samples used), found " + validation);
    }
    int[] order = new int[used];
    for (int i = 0; i < used; i++) {
      order[i] = i;
    }
    SeededRandom.derive(seed, SPLIT_STREAM).shuffleInPlace(order);
    int[] held = Arrays.copyOfRange(order, 0, validation);
    int[] train = Arrays.copyOfRange(order, validation, used);
    Arrays.sort(held);
    Arrays.sort(train);
    return new Split(train, held);
  }

  /** 5000 for the 60,000 MNIST training images and in proportion otherwise: round(count / 12). */
  public static int defaultValidation(int trainCount) {
    if (trainCount < 1) {
      throw new IllegalArgumentException("expected at least 1 training sample, found " + trainCount);
    }
    return (int) Math.round(trainCount / 12.0);
  }
}
