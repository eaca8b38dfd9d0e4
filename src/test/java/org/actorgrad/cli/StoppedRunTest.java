package org.actorgrad.cli;

import static org.actorgrad.cli.TrainCommandTest.trainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.actorgrad.cli.TrainCommandTest.Run;
import org.actorgrad.testing.Datasets;
import org.actorgrad.testing.RunLockHolder;
import org.actorgrad.training.LocalTraining;
import org.actorgrad.training.TrainingListener;
import org.actorgrad.training.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped by a signal has checkpoints and no model (issue 15, found in review): the reading
 * commands on its folder say that it was stopped, where, and how to go on, and {@code inspect} of
 * the folder shows it (before: evaluate, predict and show said only "no model at
 * runs/latest/model.agc", and inspect refused a folder).
 */
class StoppedRunTest {
  @TempDir Path tmp;

  @Test
  void theReadingCommandsSayARunWasStoppedWhereAndHowToGoOn() throws Exception {
    Path runs = tmp.resolve("runs");
    Path latest = runs.resolve("latest");
    // A local run that SIGTERM stops (as the handler does) when step 3 of epoch 1 is done.
    Run stoppedRun = TrainerWith.execute((run, listener, observer, tap) -> {
      TrainingListener signal = new TrainingListener() {
        @Override
        public void stepDone(int epoch, int stepInEpoch, int stepsPerEpoch) {
          if (epoch == 1 && stepInEpoch == 3) {
            StopSignals.target().stop("SIGTERM");
          }
        }
      };
      return LocalTraining.run(run, org.actorgrad.ui.Fanout.listeners(listener, signal), observer, Worker::create,
          ConfigFactory.empty(), tap);
    }, ShortRun.args(latest, "--epochs", "2"));
    assertEquals(143, stoppedRun.code(), stoppedRun.err());
    Path run = runs.resolve(Files.readSymbolicLink(latest));
    Path checkpoints = run.resolve("checkpoints");
    assertFalse(Files.exists(run.resolve("model.agc")));
    String stopped = "the run was stopped at epoch 1, step 3 of 11 (step 3 of the run) before its end;"
        + " continue it with: trainer --resume " + checkpoints;
    String data = Datasets.mnistOrSynthetic().toString();

    Run evaluate = trainer("evaluate", "--run-dir", latest.toString(), "--data", data);
    assertEquals("error: no model in " + run + ": " + stopped + " (or use its newest checkpoint: --model "
        + checkpoints.resolve("ckpt-0000000003.agc") + ")", evaluate.err().strip());
    assertEquals(1, evaluate.code(), "a failure to read, as every file that cannot be used (README, Exit codes)");
    for (String[] command : new String[][] {
        {"predict", "--index", "0", "--model", latest.resolve("model.agc").toString(), "--data", data},
        {"show", "--index", "0", "--model", latest.resolve("model.agc").toString(), "--data", data},
        {"export", "--format", "onnx", "--model", latest.toString(), "--out", tmp.resolve("m.onnx").toString()},
        {"evaluate", "--model", checkpoints.toString(), "--data", data}}) {
      Run r = trainer(command);
      assertEquals(1, r.code(), command[0]);
      assertEquals(1, r.err().strip().lines().count(), command[0] + ": " + r.err());
      assertTrue(r.err().contains(stopped), command[0] + ": " + r.err());
      assertEquals("", r.out(), command[0] + ": nothing shown before the error");
    }

    for (Path folder : new Path[] {latest, run, checkpoints}) {
      Run inspect = trainer("inspect", folder.toString());
      assertEquals(0, inspect.code(), inspect.err());
      assertTrue(inspect.out().startsWith("run         " + run + ": stopped at epoch 1, step 3 of 11 (step 3 of the"
          + " run) before its end; continue it with: trainer --resume " + checkpoints), inspect.out());
      assertTrue(inspect.out().contains("checkpoint  " + checkpoints.resolve("ckpt-0000000003.agc")), inspect.out());
    }

    // A live process holding the folder: the run is still training, and its pid is named.
    Process other = RunLockHolder.start(run);
    try {
      Run training = trainer("evaluate", "--run-dir", latest.toString(), "--data", data);
      assertEquals(1, training.code(), training.err());
      assertEquals("error: no model in " + run + ": the run is still training (pid " + other.pid() + "); its model is"
          + " written when it ends; a checkpoint can be used meanwhile: --model " + checkpoints.resolve("ckpt-0000000003.agc"),
          training.err().strip());
      assertTrue(trainer("inspect", run.toString()).out().startsWith("run         " + run + ": still training (pid "
          + other.pid() + ")"));
    } finally {
      other.destroyForcibly();
      other.waitFor();
    }

    // The way on works: the resume named there finishes the run, and the folder then shows it finished.
    Run resumed = trainer("--resume", checkpoints.toString(), "--data", data, "--run-dir", latest.toString(),
        "--no-progress");
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("model saved to " + run.resolve("model.agc")), resumed.out());
    Run finished = trainer("inspect", latest.toString());
    assertTrue(finished.out().startsWith("run         " + run + ": finished\ncheckpoint  " + run.resolve("model.agc")),
        finished.out());
  }
}
