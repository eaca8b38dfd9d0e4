package org.actorgrad.training;

import java.time.Duration;

/** Small, fast configurations for the training tests (their data: {@link org.actorgrad.testing.SyntheticData}). */
final class TestRuns {
  private TestRuns() {}

  static TrainingConfig config(int workers, int partitions) {
    return new TrainingConfig(
        new MathOptions("16:relu,10:softmax", "cross-entropy", "momentum", 0.05f, "constant", 24, partitions, 7, 40, 0),
        2, workers, 2, Duration.ofSeconds(20));
  }
}
