package org.actorgrad.cluster;

import org.actorgrad.training.RunCheckpointer;
import org.actorgrad.training.RunObserver;
import org.actorgrad.training.TrainingResult;
import org.actorgrad.training.TrainingRun;

/**
 * A {@link RunObserver} passing everything on to another and noting whether a stop signal ended
 * the run: the checkpointer ends a stopped run by throwing {@link RunCheckpointer.Stopped} from
 * {@code stepApplied}, which the step loop turns into a failure's message. The coordinator's last
 * word to its workers ({@link RunEnded}) tells such a stop from a failure.
 */
final class StopTracking implements RunObserver {
  private final RunObserver observer;
  private volatile boolean stopped;

  StopTracking(RunObserver observer) {
    this.observer = observer;
  }

  /** Whether the observer ended the run because a stop was asked for (its step is checkpointed). */
  boolean stopped() {
    return stopped;
  }

  @Override
  public void stepApplied(TrainingRun run, boolean epochEnded, double epochSeconds) {
    try {
      observer.stepApplied(run, epochEnded, epochSeconds);
    } catch (RunCheckpointer.Stopped e) {
      stopped = true;
      throw e;
    }
  }

  @Override
  public void finished(TrainingRun run, TrainingResult result) {
    observer.finished(run, result);
  }

  @Override
  public void failed(TrainingRun run, double epochSeconds, String reason) {
    observer.failed(run, epochSeconds, reason);
  }
}
