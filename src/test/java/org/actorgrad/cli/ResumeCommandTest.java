package org.actorgrad.cli;

import static org.actorgrad.cli.TrainCommandTest.trainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.actorgrad.cli.TrainCommandTest.Run;
import org.actorgrad.testing.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resume from the command line: exact, loud about damage, strict about the math, final when done. */
class ResumeCommandTest {
  @TempDir Path tmp;

  private String[] args(Path runDir, String... more) {
    List<String> a = new ArrayList<>(List.of("--data", Datasets.mnistOrSynthetic().toString(),
        "--limit", "1500", "--layers", "24:tanh,10:softmax", "--optimizer", "momentum", "--lr", "0.05",
        "--partitions", "3", "--checkpoint-every", "10 steps", "--run-dir", runDir.toString(), "--no-progress"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void aDamagedLatestCheckpointIsSkippedLoudlyAndTheResumeStaysExact() throws Exception {
    String straight = trainer(args(tmp.resolve("straight"), "--epochs", "3", "--workers", "2")).fingerprint();

    Path run = tmp.resolve("run");
    assertEquals(0, trainer(args(run, "--epochs", "2", "--workers", "3")).code());
    Path latest;
    try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
      latest = files.filter(f -> f.getFileName().toString().startsWith("ckpt-")).sorted().reduce((a, b) -> b).orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(latest);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(latest, bytes);

    Run resumed = trainer(args(run, "--resume", "--epochs", "3", "--workers", "1"));
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.err().contains("warning: skipping damaged checkpoint " + latest), resumed.err());
    assertTrue(resumed.err().contains("resuming from the newest valid checkpoint instead"), resumed.err());
    assertEquals(straight, resumed.fingerprint());
  }

  @Test
  void aFinishedRunSaysSoAndAMathOptionCannotChange() {
    Path run = tmp.resolve("run");
    Run first = trainer(args(run, "--epochs", "1", "--workers", "2"));
    assertEquals(0, first.code(), first.err());
    Run again = trainer(args(run, "--resume"));
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("this run has already finished: 1 epochs"), again.out());
    assertTrue(again.out().contains("weights sha256: " + first.fingerprint()), again.out());
    Run changed = trainer(args(run, "--resume", "--epochs", "2", "--seed", "7"));
    assertEquals(2, changed.code());
    assertTrue(changed.err().startsWith("error: --seed 7 differs from the resumed run's 42"), changed.err());
    Run nothing = trainer(args(tmp.resolve("empty"), "--resume"));
    assertEquals(1, nothing.code());
    assertTrue(nothing.err().contains("nothing to resume in"), nothing.err());
  }

  @Test
  void aDivergingRunStopsAtTheStepWithAHintAndKeepsAValidCheckpoint() throws Exception {
    Path run = tmp.resolve("run");
    Run r = trainer("--data", Datasets.mnistOrSynthetic().toString(), "--limit", "1500", "--lr", "1e25",
        "--epochs", "1", "--run-dir", run.toString(), "--no-progress");
    assertEquals(1, r.code());
    assertTrue(r.err().matches("(?s).*error: loss became (NaN|infinite) at epoch 1 step \\d+; try a lower --lr.*"), r.err());
    try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
      List<Path> all = files.filter(f -> f.toString().endsWith(".agc")).toList();
      assertTrue(!all.isEmpty(), "the last good state is checkpointed");
      for (Path f : all) {
        CheckpointFormat.read(f);
      }
    }
  }
}
