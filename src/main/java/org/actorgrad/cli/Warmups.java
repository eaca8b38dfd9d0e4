package org.actorgrad.cli;

import org.actorgrad.model.KernelWarmup;
import org.actorgrad.training.TrainingListener;
import org.actorgrad.training.TrainingPlan;
import org.actorgrad.ui.Fanout;

/**
 * When a local training session warms its kernels up ({@link KernelWarmup}): from the moment the
 * plan is known until the coordinator starts the first step, the time the actor system and the run
 * folder take to start (a cluster's coordinator does not: its workers are other JVMs). {@code -Dactorgrad.warmup.rounds=N} caps the gradient calls (0: no warm-up, to
 * measure what it buys; {@code bench/startup.sh} does).
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
    int rounds = Integer.getInteger("actorgrad.warmup.rounds", ROUNDS);
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
