package org.actorgrad.training;

import org.actorgrad.model.BatchStats;

/**
 * The run's course between steps, without actors: opens each epoch, applies a complete step,
 * reports it to the listener and the observer, evaluates the validation split at each epoch's end
 * and the test set at the run's end, and says what comes next. The coordinator drives it from
 * its own thread, so the evaluations run there, between steps, while the workers wait: the
 * weights they read must not change meanwhile.
 */
final class TrainingLoop {
  private final TrainingRun run;
  private final TrainingListener listener;
  private final RunObserver observer;
  private final Evaluator evaluator;
  private boolean stepped; // a step was asked for: a failure from then on is the observer's news
  private long epochStartNanos;

  /** What comes next: a step to ask the workers for, or the run's end. */
  sealed interface Next {}

  /** Ask the workers for this step's gradients; {@code sampleCounts} (P): each partition's share. */
  record Step(StepState step, int[] sampleCounts) implements Next {}

  /** The run is complete, its test figures in {@code result}. */
  record Finished(TrainingResult result) implements Next {}

  /** The run cannot go on, for the reason in {@code message} (one line for the user). */
  record Failed(String message) implements Next {}

  TrainingLoop(TrainingRun run, TrainingListener listener, RunObserver observer) {
    this.run = run;
    this.listener = listener;
    this.observer = observer;
    // As many lanes as the run has compute threads (they are idle while the coordinator
    // evaluates), but no more than the machine has cores: each lane's engine takes memory.
    this.evaluator = new Evaluator(run.plan().network(), run.plan().setup().inputs(),
        Math.max(1, Math.min(run.plan().config().threads(), Runtime.getRuntime().availableProcessors())));
  }

  /** The workers are here: the first step of the run (or of the resumed epoch). */
  Next start() {
    listener.started(run.plan().config().epochs(), run.plan().epochPlan().stepsPerEpoch(),
        run.plan().partitions(), run.params().length);
    return startEpochOrFinish();
  }

  /**
   * Every partition of {@code step} has answered: applies it and moves on.
   *
   * @param workers the workers now, for the epoch's metrics
   */
  Next completed(StepState step, int workers) {
    try {
      run.apply(step);
    } catch (TrainingException e) {
      return fail(e.getMessage());
    }
    listener.stepDone(run.epoch() + 1, run.stepInEpoch(), run.plan().epochPlan().stepsPerEpoch());
    if (!run.atEpochEnd()) {
      String failure = observe(() -> observer.stepApplied(run, false, epochSeconds()));
      return failure != null ? new Failed(failure) : nextStep();
    }
    double seconds = epochSeconds();
    BatchStats validation = evaluator.evaluate(run.params(), run.plan().validation());
    EpochMetrics closed = run.closeEpoch(validation, seconds, workers);
    // A listener that cannot record the epoch (a full disk under the metrics file) ends the run
    // with its one line, after the observer has checkpointed the epoch: nothing computed is lost.
    String unrecorded = observe(() -> listener.epochDone(closed));
    String failure = observe(() -> observer.stepApplied(run, true, 0));
    if (failure == null) {
      failure = unrecorded;
    }
    return failure != null ? new Failed(failure) : startEpochOrFinish();
  }

  /** The run cannot go on (no worker left, say): the observer keeps the last applied step. */
  Failed fail(String message) {
    if (stepped) {
      observe(() -> observer.failed(run, epochSeconds(), message));
    }
    return new Failed(message);
  }

  private Next startEpochOrFinish() {
    if (run.finished()) {
      return finish();
    }
    epochStartNanos = System.nanoTime();
    listener.epochStarted(run.epoch() + 1);
    return nextStep();
  }

  private Next nextStep() {
    stepped = true;
    int[] counts = new int[run.plan().partitions()];
    for (int p = 0; p < counts.length; p++) {
      counts[p] = run.positions(p).length;
    }
    return new Step(run.newStep(), counts);
  }

  private Next finish() {
    BatchStats test = evaluator.evaluate(run.params(), run.plan().test());
    TrainingResult result = new TrainingResult(run.params(), run.history(),
        test.lossSum() / test.count(), (double) test.correct() / test.count(), run.globalStep());
    String failure = observe(() -> observer.finished(run, result));
    return failure != null ? new Failed(failure) : new Finished(result);
  }

  /**
   * Runs an observer call; returns the message of its failure (a full disk, say), which ends the
   * run without calling the observer again, or null.
   */
  private static String observe(Runnable call) {
    try {
      call.run();
      return null;
    } catch (RuntimeException e) {
      return String.valueOf(e.getMessage());
    }
  }

  private double epochSeconds() {
    return run.epochSecondsBefore() + (System.nanoTime() - epochStartNanos) / 1e9;
  }
}
