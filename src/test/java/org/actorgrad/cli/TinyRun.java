package org.actorgrad.cli;

import java.time.Duration;
import org.actorgrad.checkpoint.Checkpoint;
import org.actorgrad.testing.SyntheticData;
import org.actorgrad.training.MathOptions;
import org.actorgrad.training.RunCheckpoint;
import org.actorgrad.training.TrainingConfig;
import org.actorgrad.training.TrainingPlan;
import org.actorgrad.training.TrainingRun;

/** The checkpoint of a run that has not taken a step, of made-up 8x8 images: needs no data set. */
final class TinyRun {
  private TinyRun() {}

  /** 4 steps per epoch, 2 epochs, momentum (one state tensor), 310 parameters. */
  static Checkpoint checkpoint() {
    TrainingPlan plan = TrainingPlan.create(new TrainingConfig(
        new MathOptions("4:relu,10:softmax", "cross-entropy", "momentum", 0.1f, "constant", 8, 2, 3, 8, 0),
        2, 1, 1, Duration.ofSeconds(20)), SyntheticData.of(40, 10, 3));
    return RunCheckpoint.of(plan, TrainingRun.start(plan).snapshot(0), null);
  }
}
