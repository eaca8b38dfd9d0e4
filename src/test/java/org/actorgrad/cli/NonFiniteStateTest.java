package org.actorgrad.cli;

import static org.actorgrad.cli.TrainCommandTest.trainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.actorgrad.checkpoint.Checkpoint;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.actorgrad.cli.TrainCommandTest.Run;
import org.actorgrad.testing.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint or model whose checksum is valid but whose weights or optimiser state are not all
 * finite (a diverged run's, or a file altered and re-checksummed) is refused on load with one
 * line, before anything in the run folder changes. It used to be evaluated as if fine (every
 * prediction class 0) and resumed, then saved again as best.agc.
 */
class NonFiniteStateTest {
  @TempDir Path tmp;

  private static String[] args(Path runDir, String... more) {
    List<String> a = new ArrayList<>(List.of("--data", Datasets.mnistOrSynthetic().toString(),
        "--limit", "1200", "--layers", "16:relu,10:softmax", "--optimizer", "momentum",
        "--checkpoint-every", "1 epoch", "--run-dir", runDir.toString(), "--no-progress"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  /** Every file under {@code dir}, with its bytes. */
  private static Map<Path, String> snapshot(Path dir) throws Exception {
    Map<Path, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        files.put(f, Arrays.toString(Files.readAllBytes(f)));
      }
    }
    return files;
  }

  /** {@code file} rewritten, a valid file, with {@code value} at index 7 of {@code tensor}. */
  private static void poison(Path file, String tensor, float value) throws Exception {
    Checkpoint c = CheckpointFormat.read(file);
    Map<String, float[]> tensors = new LinkedHashMap<>(c.tensors());
    float[] altered = tensors.get(tensor).clone();
    altered[7] = value;
    tensors.put(tensor, altered);
    CheckpointFormat.write(new Checkpoint(c.header(), tensors), file);
  }

  private static Path newestCheckpoint(Path run) throws Exception {
    try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
      return files.filter(f -> f.getFileName().toString().startsWith("ckpt-")).sorted().reduce((a, b) -> b).orElseThrow();
    }
  }

  private static void assertRefused(Run r, String... parts) {
    assertTrue(r.code() != 0, r.out() + r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    for (String part : parts) {
      assertTrue(r.err().contains(part), r.err());
    }
  }

  @Test
  void nonFiniteWeightsOrOptimiserStateAreRefusedBeforeTheRunFolderChanges() throws Exception {
    Path run = tmp.resolve("run");
    assertEquals(0, trainer(args(run, "--epochs", "1")).code());
    Path latest = newestCheckpoint(run);

    poison(latest, "params", Float.NaN);
    Map<Path, String> before = snapshot(run);
    Run resumed = trainer(args(run, "--resume", "--epochs", "2"));
    assertRefused(resumed, latest.toString(), "tensor params holds NaN at index 7", "cannot be resumed");
    assertEquals(before, snapshot(run), "nothing in the run folder may change (metrics.jsonl was truncated)");

    poison(latest, "params", 0.5f);
    poison(latest, "optim.velocity", Float.POSITIVE_INFINITY);
    before = snapshot(run);
    Run second = trainer(args(run, "--resume", "--epochs", "2"));
    assertRefused(second, "tensor optim.velocity holds Infinity at index 7");
    assertEquals(before, snapshot(run));

    Run inspected = trainer("inspect", latest.toString());
    assertRefused(inspected, "tensor optim.velocity holds Infinity");
  }

  @Test
  void aModelWithNonFiniteWeightsIsNotEvaluated() throws Exception {
    Path run = tmp.resolve("run");
    assertEquals(0, trainer(args(run, "--epochs", "1")).code());
    Path model = run.resolve("model.agc");
    poison(model, "params", Float.NEGATIVE_INFINITY);
    String data = Datasets.mnistOrSynthetic().toString();
    assertRefused(trainer("evaluate", "--model", model.toString(), "--data", data),
        model.toString(), "tensor params holds -Infinity at index 7", "cannot be used as a model");
    assertRefused(trainer("predict", "--index", "0", "--model", model.toString(), "--data", data),
        "tensor params holds -Infinity");
  }
}
