package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.actorgrad.checkpoint.AtomicFiles;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.actorgrad.random.SeededRandom;
import org.actorgrad.testing.Datasets;
import org.actorgrad.testing.TrainerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint promise, through the real command line in separate JVMs: a run killed with
 * kill -9 at many points (some of them in the middle of a checkpoint write) and resumed each time,
 * with a different worker count now and then, ends with the weights of an uninterrupted run.
 */
class ResumeAfterKillIT {
  private static final int KILLS = 10;
  private static final Duration RUN_LIMIT = Duration.ofMinutes(3);

  @TempDir Path tmp;

  private List<String> args(Path runDir, int workers) {
    return new ArrayList<>(List.of(
        "--data", Datasets.require("mnist").toString(), "--epochs", "3", "--batch-size", "32",
        "--partitions", "3", "--workers", String.valueOf(workers), "--seed", "2024",
        "--optimizer", "adam", "--lr", "0.002", "--schedule", "cosine,warmup=50",
        "--checkpoint-every", "13 steps", "--keep", "2", "--run-dir", runDir.toString(), "--no-progress"));
  }

  @Test
  void killedAndResumedTenTimesEndsBitIdentical() throws Exception {
    String expected;
    try (TrainerProcess calm = TrainerProcess.start(tmp.resolve("calm.log"), args(tmp.resolve("calm"), 3))) {
      assertEquals(0, calm.awaitExit(RUN_LIMIT), calm.output());
      expected = calm.fingerprint();
    }

    Path runDir = tmp.resolve("stormy");
    Path checkpoints = runDir.resolve("checkpoints");
    SeededRandom schedule = new SeededRandom(99);
    int kills = 0;
    int midWrite = 0;
    String fingerprint = null;
    for (int attempt = 0; fingerprint == null && attempt < 40; attempt++) {
      int workers = 1 + attempt % 3;
      List<String> a = args(runDir, workers);
      if (hasCheckpoint(checkpoints)) {
        a.add("--resume"); // before the first checkpoint, there is nothing to resume: start again
      }
      try (TrainerProcess p = TrainerProcess.start(tmp.resolve("stormy-" + attempt + ".log"), a)) {
        boolean training = p.awaitOutput("^network ", Duration.ofSeconds(60));
        if (kills < KILLS && training) {
          // Every third kill waits for a checkpoint being written (its temporary file) and strikes then.
          if (kills % 3 == 2 && killDuringWrite(p, checkpoints)) {
            midWrite++;
          } else {
            Thread.sleep(300 + schedule.nextInt(1500));
            p.kill();
          }
          if (!p.output().contains("weights sha256:")) {
            kills++;
            continue;
          }
        }
        assertEquals(0, p.awaitExit(RUN_LIMIT), p.output());
        fingerprint = p.fingerprint();
      }
    }
    assertEquals(KILLS, kills, "the run should have been killed " + KILLS + " times before it finished");
    assertTrue(midWrite >= 1, "at least one kill should land in the middle of a checkpoint write");
    assertEquals(expected, fingerprint, "resumed after " + kills + " kills, the weights differ");
    try (Stream<Path> files = Files.list(checkpoints)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".agc")).toList()) {
        CheckpointFormat.read(f); // every checkpoint left on disk verifies
      }
    }
  }

  private static boolean hasCheckpoint(Path checkpoints) throws Exception {
    if (!Files.isDirectory(checkpoints)) {
      return false;
    }
    try (Stream<Path> files = Files.list(checkpoints)) {
      return files.anyMatch(f -> f.getFileName().toString().startsWith("ckpt-"));
    }
  }

  /** Polls for a checkpoint's temporary file and kills the JVM while it exists. */
  private static boolean killDuringWrite(TrainerProcess p, Path checkpoints) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline && p.isAlive()) {
      if (Files.isDirectory(checkpoints)) {
        try (Stream<Path> files = Files.list(checkpoints)) {
          if (files.anyMatch(AtomicFiles::isTemporary)) {
            p.kill();
            return true;
          }
        }
      }
    }
    p.kill();
    return false;
  }
}
