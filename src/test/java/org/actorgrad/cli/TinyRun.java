package org.actorgrad.cli;

import java.time.Duration;
import org.actorgrad.checkpoint.Checkpoint;
import org.actorgrad.data.Dataset;
import org.actorgrad.data.LoadedData;
import org.actorgrad.random.SeededRandom;
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
        2, 1, 1, Duration.ofSeconds(20)), new LoadedData(images("train", 40), images("test", 10), "made-up"));
    return RunCheckpoint.of(plan, TrainingRun.start(plan).snapshot(0), null);
  }

  private static Dataset images(String name, int count) {
    SeededRandom rng = new SeededRandom(count);
    byte[] pixels = new byte[count * 64]; // (count, 8 * 8)
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) rng.nextInt(10);
      for (int k = 0; k < 64; k++) {
        pixels[i * 64 + k] = (byte) rng.nextInt(256);
      }
    }
    return Dataset.of(name, 8, 8, pixels, labels);
  }
}
