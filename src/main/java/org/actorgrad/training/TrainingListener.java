package org.actorgrad.training;

/**
 * What the coordinator reports while it trains. Called on the coordinator's thread: keep it quick.
 * The command line prints; tests record.
 */
public interface TrainingListener {
  default void started(int epochs, int stepsPerEpoch, int partitions, int parameterCount) {}

  default void epochStarted(int epoch) {}

  default void stepDone(int epoch, int stepInEpoch, int stepsPerEpoch) {}

  default void epochDone(EpochMetrics metrics) {}

  default void workerLost(String worker, String reason, int partitionsMoved) {}

  default void workerJoined(String worker, int workers) {}

  TrainingListener NONE = new TrainingListener() {};
}
