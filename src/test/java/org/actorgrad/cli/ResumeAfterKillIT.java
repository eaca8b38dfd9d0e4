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
 * with a different worker count now and then, ends with the weights of an uninterrupted run; for
 * a dense network and for a small convolutional one.
 */
class ResumeAfterKillIT {
  private static final int KILLS = 10;
  private static final Duration RUN_LIMIT = Duration.ofMinutes(3);

  @TempDir Path tmp;

  /** The dense run's settings. */
  private static List<String> dense() {
    return List.of("--data", Datasets.require("mnist").toString(), "--epochs", "3", "--batch-size", "32",
        "--optimizer", "adam", "--lr", "0.002", "--schedule", "cosine,warmup=50");
  }

  /**
   * A small CNN (conv, maxpool, a Winograd conv with same padding and dropout, a strided conv,
   * dense): 2,500 MNIST digits for 4 epochs with a checkpoint every 7 steps, so kills land in every
   * part of a run.
   */
  private static List<String> cnn() {
    return List.of("--data", Datasets.require("mnist").toString(), "--limit", "2500", "--epochs", "4",
        "--batch-size", "24", "--layers",
        "conv:8:3x3:relu,maxpool:2x2,conv:8:3x3:relu:padding=same:dropout=0.1,"
            + "conv:8:3x3:tanh:stride=2:padding=same,24:relu,10:softmax",
        "--optimizer", "momentum", "--lr", "0.05");
  }

  private static List<String> args(List<String> settings, Path runDir, int workers, String checkpointEvery) {
    List<String> all = new ArrayList<>(settings);
    all.addAll(List.of("--partitions", "3", "--workers", String.valueOf(workers), "--seed", "2024",
        "--checkpoint-every", checkpointEvery, "--keep", "2", "--run-dir", runDir.toString(), "--no-progress"));
    return all;
  }

  @Test
  void killedAndResumedTenTimesEndsBitIdentical() throws Exception {
    killedAndResumed("dense", dense(), "13 steps", KILLS, true);
  }

  @Test
  void aCnnKilledAndResumedFourTimesEndsBitIdenticalToOneWorker() throws Exception {
    // Its checkpoints are small (10,182 parameters) and written in an instant, so a kill aimed at
    // one being written may find none: the dense run above is the one that must hit a write.
    killedAndResumed("cnn", cnn(), "7 steps", 4, false);
  }

  /**
   * An uninterrupted run of {@code settings} with one worker, then the same run killed
   * {@code killCount} times (every third kill during a checkpoint write) and resumed with 1, 2 or
   * 3 workers in turn; both must end with the same weights fingerprint. With
   * {@code requireMidWrite}, at least one kill must have struck during a checkpoint write.
   */
  private void killedAndResumed(String name, List<String> settings, String checkpointEvery, int killCount,
      boolean requireMidWrite) throws Exception {
    String expected;
    try (TrainerProcess calm = TrainerProcess.start(tmp.resolve(name + "-calm.log"),
        args(settings, tmp.resolve(name + "-calm"), 1, checkpointEvery))) {
      assertEquals(0, calm.awaitExit(RUN_LIMIT), calm.output());
      expected = calm.fingerprint();
    }

    Path runDir = tmp.resolve(name + "-stormy");
    Path checkpoints = runDir.resolve("checkpoints");
    SeededRandom schedule = new SeededRandom(99);
    int kills = 0;
    int midWrite = 0;
    String fingerprint = null;
    for (int attempt = 0; fingerprint == null && attempt < 40; attempt++) {
      int workers = 1 + attempt % 3;
      List<String> a = args(settings, runDir, workers, checkpointEvery);
      if (hasCheckpoint(checkpoints)) {
        a.add("--resume"); // before the first checkpoint, there is nothing to resume: start again
      }
      try (TrainerProcess p = TrainerProcess.start(tmp.resolve(name + "-stormy-" + attempt + ".log"), a)) {
        boolean training = p.awaitOutput("^network ", Duration.ofSeconds(60));
        if (kills < killCount && training) {
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
    assertEquals(expected, fingerprint, "resumed after " + kills + " kills (" + midWrite
        + " during a checkpoint write), the weights differ");
    assertEquals(killCount, kills, "the run should have been killed " + killCount + " times before it finished");
    assertTrue(midWrite >= 1 || !requireMidWrite, "at least one kill should land in the middle of a checkpoint write");
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
