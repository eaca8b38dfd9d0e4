package org.actorgrad.ui;

import org.actorgrad.training.EpochMetrics;
import org.actorgrad.training.RunObserver;
import org.actorgrad.training.TrainingListener;
import org.actorgrad.training.TrainingResult;
import org.actorgrad.training.TrainingRun;

/**
 * Feeds the run's events to the page's {@link RunState} and the {@link RunMeters}. Called on the
 * coordinator's thread, between steps: a few field updates under a lock, no I/O, no rendering.
 */
final class LiveListener implements TrainingListener, RunObserver {
  private final TrainingRun run;
  private final RunState state;
  private final RunMeters meters;
  private long samplesBefore; // of the current epoch, counted by earlier steps

  LiveListener(TrainingRun run, RunState state, RunMeters meters) {
    this.run = run;
    this.state = state;
    this.meters = meters;
  }

  @Override
  public void epochStarted(int epoch) {
    // A resumed epoch starts with the samples its earlier session trained on.
    samplesBefore = run.epochSamples();
    state.epochStarted(epoch, System.nanoTime());
  }

  @Override
  public void stepDone(int epoch, int stepInEpoch, int stepsPerEpoch) {
    long samples = run.epochSamples();
    double loss = run.runningLoss();
    long took = state.stepDone(stepInEpoch, samples, loss, System.nanoTime());
    meters.step(took, samples - samplesBefore, loss);
    samplesBefore = samples;
  }

  @Override
  public void epochDone(EpochMetrics metrics) {
    state.epochDone(metrics);
    meters.epochDone(metrics);
  }

  @Override
  public void workerLost(String worker, String reason, int partitionsMoved) {
    state.workerLost(worker, reason, partitionsMoved, System.nanoTime());
  }

  @Override
  public void workerJoined(String worker, int workers) {
    state.workerJoined(worker, workers, System.nanoTime());
  }

  @Override
  public void finished(TrainingRun run, TrainingResult result) {
    state.finished(result, System.nanoTime());
  }

  @Override
  public void failed(TrainingRun run, double epochSeconds, String reason) {
    state.failed(reason, System.nanoTime());
  }
}
