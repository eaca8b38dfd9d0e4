package org.actorgrad.training;

/**
 * Told by the coordinator about the run's state between steps, on the coordinator's thread: the
 * checkpointer implements it. Whatever it keeps must be copied ({@link TrainingRun#snapshot}).
 */
public interface RunObserver {
  /**
   * A step was applied ({@code epochEnded}: and its epoch closed, the run now stands at the start
   * of the next one). {@code epochSeconds}: time spent in the current epoch so far.
   */
  default void stepApplied(TrainingRun run, boolean epochEnded, double epochSeconds) {}

  /** The run finished; {@code result} holds the test figures. */
  default void finished(TrainingRun run, TrainingResult result) {}

  /** The run cannot go on: the last applied step's state should survive. */
  default void failed(TrainingRun run, double epochSeconds, String reason) {}

  RunObserver NONE = new RunObserver() {};
}
