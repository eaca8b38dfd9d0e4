package org.actorgrad.training;

import java.time.Duration;

/**
 * Everything that decides how a run trains: its math (which fixes the weights) and how long and
 * on what it runs (which never changes them).
 *
 * @param math the options that define the weights; stored in checkpoints
 * @param epochs epochs to train, at least 1 (may be raised on resume)
 * @param workers local worker actors, 0 or more (scheduling)
 * @param threads threads of the compute pool, at least 1 (scheduling)
 * @param stepTimeout a worker that has not answered a step by then is treated as failed; positive
 */
public record TrainingConfig(MathOptions math, int epochs, int workers, int threads, Duration stepTimeout) {

  /** Throws IllegalArgumentException naming the option and the value. */
  public TrainingConfig {
    if (math == null) {
      throw new IllegalArgumentException("expected the math options, found null");
    }
    positive("--epochs", epochs);
    if (workers < 0) {
      throw new IllegalArgumentException("--workers must be 0 or more, got " + workers);
    }
    positive("--threads", threads);
    if (stepTimeout.isNegative() || stepTimeout.isZero()) {
      throw new IllegalArgumentException("--step-timeout must be positive, got " + stepTimeout);
    }
  }

  private static void positive(String option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, got " + value);
    }
  }

  // Shorthands for the math, so the plan, the run and the cluster read config.seed() as before.

  public String layers() {
    return math.layers();
  }

  public String loss() {
    return math.loss();
  }

  public String optimizer() {
    return math.optimizer();
  }

  public float learningRate() {
    return math.lr();
  }

  public String schedule() {
    return math.schedule();
  }

  public int batchSize() {
    return math.batchSize();
  }

  public int partitions() {
    return math.partitions();
  }

  public long seed() {
    return math.seed();
  }

  public int validation() {
    return math.validation();
  }

  public int limit() {
    return math.limit();
  }
}
