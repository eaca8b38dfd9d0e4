package org.actorgrad.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.actorgrad.training.EpochMetrics;
import org.actorgrad.training.TrainingListener;

/**
 * A listener that passes everything on to another and completes {@link #started()} when the
 * coordinator starts the run (its workers are registered), which is when {@link WorkerDiscovery}
 * stops waiting for workers: the receptionist's listing can hold a worker that never registers.
 */
final class StartSignal implements TrainingListener {
  private final TrainingListener next;
  private final CompletableFuture<Void> started = new CompletableFuture<>();

  StartSignal(TrainingListener next) {
    this.next = next;
  }

  /** Completes (on the coordinator's thread) before the first step is sent. */
  CompletionStage<Void> started() {
    return started;
  }

  @Override
  public void started(int epochs, int stepsPerEpoch, int partitions, int parameterCount) {
    started.complete(null);
    next.started(epochs, stepsPerEpoch, partitions, parameterCount);
  }

  @Override
  public void epochStarted(int epoch) {
    next.epochStarted(epoch);
  }

  @Override
  public void stepDone(int epoch, int stepInEpoch, int stepsPerEpoch) {
    next.stepDone(epoch, stepInEpoch, stepsPerEpoch);
  }

  @Override
  public void epochDone(EpochMetrics metrics) {
    next.epochDone(metrics);
  }

  @Override
  public void workerLost(String worker, String reason, int partitionsMoved) {
    next.workerLost(worker, reason, partitionsMoved);
  }

  @Override
  public void workerJoined(String worker, int workers) {
    next.workerJoined(worker, workers);
  }
}
