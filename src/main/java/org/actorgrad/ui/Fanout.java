package org.actorgrad.ui;

import org.actorgrad.training.EpochMetrics;
import org.actorgrad.training.RunObserver;
import org.actorgrad.training.TrainingListener;
import org.actorgrad.training.TrainingResult;
import org.actorgrad.training.TrainingRun;

/** One listener or observer that tells two, in order: the run's own first, the page second. */
public final class Fanout {
  private Fanout() {}

  public static TrainingListener listeners(TrainingListener first, TrainingListener second) {
    return new TrainingListener() {
      @Override
      public void started(int epochs, int stepsPerEpoch, int partitions, int parameterCount) {
        first.started(epochs, stepsPerEpoch, partitions, parameterCount);
        second.started(epochs, stepsPerEpoch, partitions, parameterCount);
      }

      @Override
      public void epochStarted(int epoch) {
        first.epochStarted(epoch);
        second.epochStarted(epoch);
      }

      @Override
      public void stepDone(int epoch, int stepInEpoch, int stepsPerEpoch) {
        first.stepDone(epoch, stepInEpoch, stepsPerEpoch);
        second.stepDone(epoch, stepInEpoch, stepsPerEpoch);
      }

      @Override
      public void epochDone(EpochMetrics metrics) {
        first.epochDone(metrics);
        second.epochDone(metrics);
      }

      @Override
      public void workerLost(String worker, String reason, int partitionsMoved) {
        first.workerLost(worker, reason, partitionsMoved);
        second.workerLost(worker, reason, partitionsMoved);
      }

      @Override
      public void workerJoined(String worker, int workers) {
        first.workerJoined(worker, workers);
        second.workerJoined(worker, workers);
      }
    };
  }

  /** A failure of {@code first} (a checkpoint that cannot be written) ends the run before {@code second} hears. */
  public static RunObserver observers(RunObserver first, RunObserver second) {
    return new RunObserver() {
      @Override
      public void stepApplied(TrainingRun run, boolean epochEnded, double epochSeconds) {
        first.stepApplied(run, epochEnded, epochSeconds);
        second.stepApplied(run, epochEnded, epochSeconds);
      }

      @Override
      public void finished(TrainingRun run, TrainingResult result) {
        first.finished(run, result);
        second.finished(run, result);
      }

      @Override
      public void failed(TrainingRun run, double epochSeconds, String reason) {
        first.failed(run, epochSeconds, reason);
        second.failed(run, epochSeconds, reason);
      }
    };
  }
}
