package org.actorgrad.cli;

import static org.actorgrad.cli.TrainCommandTest.trainer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actorgrad.cli.TrainCommandTest.Run;
import org.actorgrad.testing.Datasets;
import org.actorgrad.training.LocalTraining;
import org.actorgrad.training.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's end: the model first, and a finished run whose end was cut short completed on resume. */
class RunEndTest {
  @TempDir Path tmp;

  private static String[] args(Path runDir, String... more) {
    List<String> a = new ArrayList<>(List.of("--data", Datasets.mnistOrSynthetic().toString(),
        "--limit", "1200", "--epochs", "2", "--layers", "16:relu,10:softmax", "--partitions", "2", "--workers", "2",
        "--checkpoint-every", "1 epoch", "--run-dir", runDir.toString(), "--no-progress"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  /**
   * A kill after the final checkpoint and before the model, the metrics file's last line and the
   * chart (a cluster coordinator waits for its workers to leave there): resuming used to say "this
   * run has already finished", exit 0 and write none of them.
   */
  @Test
  void resumingARunWhoseEndWasCutShortCompletesItAsItWouldHaveBeen() throws Exception {
    Path run = tmp.resolve("run");
    Run first = trainer(args(run));
    assertEquals(0, first.code(), first.err());
    Path model = run.resolve("model.agc");
    Path metrics = run.resolve("metrics.jsonl");
    Path chart = run.resolve("metrics.png");
    byte[] modelBytes = Files.readAllBytes(model);
    List<String> lines = Files.readAllLines(metrics, StandardCharsets.UTF_8);
    assertTrue(Files.isRegularFile(chart));

    // What the disk holds when the process dies right after its final checkpoint.
    Files.delete(model);
    Files.delete(chart);
    Files.write(metrics, lines.subList(0, lines.size() - 1), StandardCharsets.UTF_8);

    Run resumed = trainer(args(run, "--resume"));
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("this run's end was cut short; completed from its final checkpoint: the model "
        + model + ", the metrics " + metrics + " and its chart"), resumed.out());
    assertTrue(resumed.out().contains("weights sha256: " + first.fingerprint()), resumed.out());
    assertArrayEquals(modelBytes, Files.readAllBytes(model), "the model is the one the run would have written");
    assertEquals(lines, Files.readAllLines(metrics, StandardCharsets.UTF_8));
    assertTrue(Files.size(chart) > 0);

    // A finished run whose end is complete is left as it is.
    long modified = Files.getLastModifiedTime(model).toMillis();
    Run again = trainer(args(run, "--resume"));
    assertEquals(0, again.code(), again.err());
    assertFalse(again.out().contains("cut short"), again.out());
    assertTrue(again.out().contains("this run has already finished"), again.out());
    assertEquals(modified, Files.getLastModifiedTime(model).toMillis());
  }

  /**
   * A stale end of an earlier, shorter run of the same folder: finished at epoch 2, then
   * {@code --resume --epochs 3} killed after its final checkpoint and before its model and final
   * metrics line. The epoch-2 model used to be kept as the run's model, without a word.
   */
  @Test
  void aModelOfAnEarlierShorterRunOfTheFolderIsReplacedByTheFinalCheckpoints() throws Exception {
    Path run = tmp.resolve("longer");
    assertEquals(0, trainer(args(run)).code());
    Path model = run.resolve("model.agc");
    Path metrics = run.resolve("metrics.jsonl");
    byte[] shorter = Files.readAllBytes(model);
    String[] longer = args(run, "--resume");
    longer[java.util.Arrays.asList(longer).indexOf("--epochs") + 1] = "3";
    Run third = trainer(longer);
    assertEquals(0, third.code(), third.err());
    byte[] modelBytes = Files.readAllBytes(model);
    List<String> lines = Files.readAllLines(metrics, StandardCharsets.UTF_8);

    // The kill: the epoch-2 model back in place, the epoch-3 run's final line not written.
    Files.write(model, shorter);
    Files.write(metrics, lines.subList(0, lines.size() - 1), StandardCharsets.UTF_8);

    Run resumed = trainer(longer);
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("completed from its final checkpoint: the model " + model), resumed.out());
    assertArrayEquals(modelBytes, Files.readAllBytes(model), "the epoch-3 run's model");
    assertEquals(lines, Files.readAllLines(metrics, StandardCharsets.UTF_8));
  }

  /**
   * The model used to be written after the trainer returned, so after the wait for the workers:
   * a process killed in that wait lost it. Now it is there, and a resume completes the rest.
   */
  @Test
  void theModelIsWrittenBeforeTheTrainerWaitsForItsWorkers() throws Exception {
    Path run = tmp.resolve("probe");
    String[] a = args(run);
    boolean[] modelOnDisk = new boolean[1];
    // The trainer's workers, once the run ends, look whether the model is already on disk.
    TrainerWith.execute((training, listener, observer, tap) -> {
      LocalTraining.run(training, listener, observer, Worker::create, ConfigFactory.empty(), tap);
      // Here ClusterTraining waits for its workers to leave (seconds; for ever for a hung one),
      // and here the process dies.
      modelOnDisk[0] = Files.isRegularFile(run.resolve("model.agc"));
      throw new org.actorgrad.training.TrainingException("killed while waiting for the workers to leave");
    }, a);
    assertTrue(modelOnDisk[0], "model.agc must be on disk when the run's coordinator completes");
    byte[] model = Files.readAllBytes(run.resolve("model.agc"));

    Run resumed = trainer(args(run, "--resume"));
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("completed from its final checkpoint: the metrics "), resumed.out());
    assertArrayEquals(model, Files.readAllBytes(run.resolve("model.agc")));
    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"), StandardCharsets.UTF_8);
    assertTrue(lines.get(lines.size() - 1).contains("\"weights_sha256\":\"" + resumed.fingerprint() + "\""),
        lines.toString());
  }
}
