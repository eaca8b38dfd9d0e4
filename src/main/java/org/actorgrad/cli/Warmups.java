package org.actorgrad.cli;

import org.actorgrad.model.KernelWarmup;
import org.actorgrad.training.TrainingListener;
import org.actorgrad.training.TrainingPlan;
import org.actorgrad.ui.Fanout;

/**
 * When a local training session warms its kernels up ({@link KernelWarmup}): from the moment the
 * plan is known until the coordinator starts the first step, the time the actor system and the run
 * folder take to start (a cluster's coordinator does not: its workers are other JVMs). Opt-in with
 * {@code -Dactorgrad.warmup.rounds=N} (N caps the gradient calls; {@link #ROUNDS} is a sensible N):
 * it needs a core that start-up leaves idle. Measured with bench/startup.sh (interleaved, 5 epochs):
 * at load 7-20 runs with it took no less time than without (12.2 against 10.7 s wall), at load 3 a
 * little less (5.13 against 5.33 s wall, 9.21 against 9.32 CPU s); {@code bench/startup.sh 3 5
 * warmup} on a quiet machine decides whether it becomes the default.
 */
final class Warmups {
  /**
   * A bound, not a target: the first step normally stops the warm-up long before (C2 is asked for
   * a tile once its loop has turned ~40,000 times, tens of gradient calls at 784 inputs). It only
   * caps the CPU a warm-up can take when the actor system is slow to start: 2,000 compiled calls
   * at batch 32 take ~0.4 s.
   */
  static final int ROUNDS = 2_000;

  private Warmups() {}

  /** Starts the warm-up of the plan's network at one partition's share of a step; null when disabled. */
  static KernelWarmup start(TrainingPlan plan) {
    int rounds = Integer.getInteger("actorgrad.warmup.rounds", 0);
    int batch = plan.setup().maxBatch();
    return rounds > 0 && batch > 0 ? KernelWarmup.start(plan.network(), batch, rounds) : null;
  }

  /** {@code listener}, which also stops the warm-up when the run starts (the cores are the workers' then). */
  static TrainingListener stopAtFirstStep(TrainingListener listener, KernelWarmup warmup) {
    if (warmup == null) {
      return listener;
    }
    return Fanout.listeners(listener, new TrainingListener() {
      @Override
      public void started(int epochs, int stepsPerEpoch, int partitions, int parameterCount) {
        warmup.stop();
      }
    });
  }
}
