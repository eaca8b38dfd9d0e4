package org.actorgrad.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.actorgrad.checkpoint.Checkpoint;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.actorgrad.checkpoint.CheckpointStore;
import org.actorgrad.testing.SyntheticData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the run's checkpointer writes, through a real run of synthetic data. */
class RunCheckpointerTest {
  @TempDir Path tmp;

  /**
   * Checkpoints every 3 steps of a 4-step epoch land mid-epoch after the first epoch: such a
   * checkpoint carried the previous epoch's validation accuracy, and became best.agc although its
   * weights were never validated.
   */
  @Test
  void bestIsOnlyEverAValidatedState() throws Exception {
    TrainingPlan plan = TrainingPlan.create(TestRuns.config(1, 2), SyntheticData.of(120, 40, 5));
    int steps = plan.epochPlan().stepsPerEpoch();
    assertTrue(steps % 3 != 0 && steps < 6, "checkpoints every 3 steps must land mid-epoch in epoch 2: " + steps);
    CheckpointStore store = new CheckpointStore(tmp, 10);
    TrainingRun run = TrainingRun.start(plan);
    try (RunCheckpointer checkpointer = new RunCheckpointer(store, new RunCheckpointer.Every(3, 0))) {
      LocalTraining.run(run, TrainingListener.NONE, checkpointer);
    }
    for (Path file : store.all()) {
      RunHeader h = RunCheckpoint.read(CheckpointFormat.read(file)).header();
      boolean validated = h.position().stepInEpoch() == 0 && h.position().epoch() > 0;
      assertEquals(validated, Double.isFinite(h.valAccuracy()), file + ": " + h.position());
    }
    Checkpoint best = CheckpointFormat.read(store.bestFile());
    RunHeader h = RunCheckpoint.read(best).header();
    assertEquals(0, h.position().stepInEpoch(), "best.agc is a mid-epoch state: " + h.position());
    assertEquals(h.metrics().get(h.metrics().size() - 1).valAccuracy(), h.valAccuracy());
    assertTrue(h.finished() || h.position().epoch() == 1, h.position().toString());
    if (h.finished()) {
      assertArrayEquals(run.params(), best.tensor(Checkpoint.PARAMS));
    }
  }

  /**
   * A checkpoint write that fails (here: the folder is gone, as with a full disk) ends the run at
   * the next step, naming the file it could not write; it used to surface only at the next
   * checkpoint's submit. The step after the failure is not one that is due for a checkpoint.
   */
  @Test
  void aFailedWriteEndsTheRunAtTheNextStepNamingItsFile() throws Exception {
    TrainingPlan plan = TrainingPlan.create(TestRuns.config(1, 2), SyntheticData.of(120, 40, 5));
    Path dir = tmp.resolve("checkpoints");
    CheckpointStore store = new CheckpointStore(dir, 3);
    java.nio.file.Files.delete(dir);
    java.nio.file.Files.createFile(dir); // every write fails
    TrainingRun run = TrainingRun.start(plan);
    RunCheckpointer checkpointer = new RunCheckpointer(store, new RunCheckpointer.Every(0, 1));
    checkpointer.stepApplied(run, true, 0); // an epoch's end: its checkpoint is written, and fails
    RuntimeException told = null;
    for (int step = 0; told == null && step < 1_000; step++) { // steps that are not due, until one is told
      try {
        checkpointer.stepApplied(run, false, 0);
        Thread.sleep(10); // the write fails on the writer's thread
      } catch (RuntimeException e) {
        told = e;
      }
    }
    assertTrue(told != null, "no step was told that the checkpoint could not be written");
    assertTrue(told.getMessage().startsWith("cannot write " + store.fileFor(0) + ": "), told.getMessage());

    // Through a whole run: it ends with the file named (at the latest at the next checkpoint).
    TrainingRun whole = TrainingRun.start(plan);
    TrainingException e = org.junit.jupiter.api.Assertions.assertThrows(TrainingException.class,
        () -> LocalTraining.run(whole, TrainingListener.NONE, new RunCheckpointer(store, new RunCheckpointer.Every(2, 0))));
    assertTrue(e.getMessage().startsWith("cannot write " + store.fileFor(2)), e.getMessage());
    assertTrue(whole.globalStep() <= 4, "it ended at step " + whole.globalStep());
  }
}
