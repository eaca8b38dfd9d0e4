package org.actorgrad.model;

/**
 * Loss summed over {@code count} samples and how many of them were classified correctly. Sums, not
 * means, so the stats of several chunks or partitions add up exactly like their gradients.
 */
public record BatchStats(double lossSum, int correct, int count) {
  public static final BatchStats ZERO = new BatchStats(0.0, 0, 0);

  public BatchStats plus(BatchStats other) {
    return new BatchStats(lossSum + other.lossSum, correct + other.correct, count + other.count);
  }

  /** Mean loss per sample, NaN for an empty batch. */
  public double meanLoss() {
    return count == 0 ? Double.NaN : lossSum / count;
  }

  /** Fraction classified correctly, NaN for an empty batch. */
  public double accuracy() {
    return count == 0 ? Double.NaN : (double) correct / count;
  }
}
