package org.actorgrad.training;

import java.time.Duration;

/**
 * Everything that decides how a run trains. The fields marked "math" change the resulting
 * weights; the others (workers, threads, timeout) are scheduling and never do.
 *
 * @param layers hidden and output layers, e.g. {@code 128:relu,10:softmax} (math)
 * @param loss {@code cross-entropy} or {@code mse} (math)
 * @param optimizer sgd, momentum, nesterov, adam or rmsprop (math)
 * @param learningRate base learning rate (math)
 * @param schedule learning-rate schedule, e.g. {@code constant} or {@code cosine,warmup=100} (math)
 * @param epochs epochs to train (may be raised on resume)
 * @param batchSize global samples per step, spread over the partitions (math)
 * @param partitions P, the unit of data parallelism (math)
 * @param seed everything random derives from it (math)
 * @param validation samples held out for validation (math)
 * @param limit train on the first N training samples only, 0 for all (math)
 * @param workers local worker actors (scheduling)
 * @param threads threads of the compute pool (scheduling)
 * @param stepTimeout a worker that has not answered a step by then is treated as failed
 */
public record TrainingConfig(
    String layers,
    String loss,
    String optimizer,
    float learningRate,
    String schedule,
    int epochs,
    int batchSize,
    int partitions,
    long seed,
    int validation,
    int limit,
    int workers,
    int threads,
    Duration stepTimeout) {

  public TrainingConfig {
    positive("--epochs", epochs);
    positive("--batch-size", batchSize);
    positive("--partitions", partitions);
    if (workers < 0) {
      throw new IllegalArgumentException("--workers must be 0 or more, got " + workers);
    }
    positive("--threads", threads);
    if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
      throw new IllegalArgumentException("--lr must be a positive number, got " + learningRate);
    }
    if (batchSize < partitions) {
      throw new IllegalArgumentException(
          "--batch-size " + batchSize + " is smaller than --partitions " + partitions
              + ": every partition needs at least one sample per step");
    }
    if (validation < 0 || limit < 0) {
      throw new IllegalArgumentException("--validation and --limit must be 0 or more");
    }
    if (stepTimeout.isNegative() || stepTimeout.isZero()) {
      throw new IllegalArgumentException("--step-timeout must be positive, got " + stepTimeout);
    }
  }

  private static void positive(String option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, got " + value);
    }
  }

  public TrainingConfig withEpochs(int newEpochs) {
    return new TrainingConfig(layers, loss, optimizer, learningRate, schedule, newEpochs, batchSize,
        partitions, seed, validation, limit, workers, threads, stepTimeout);
  }

  public TrainingConfig withWorkers(int newWorkers) {
    return new TrainingConfig(layers, loss, optimizer, learningRate, schedule, epochs, batchSize,
        partitions, seed, validation, limit, newWorkers, threads, stepTimeout);
  }
}
