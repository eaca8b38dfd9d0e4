package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.actorgrad.checkpoint.RunsFolder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RunOutputs} on real folders: where a resumed or new run writes, decided before anything
 * moves {@code runs/latest} or another process acts.
 */
class RunOutputsTest {
  @TempDir Path tmp;

  private static TrainingOptions options(Path runDir, String resume) {
    TrainingOptions o = new TrainingOptions();
    o.runDir = runDir;
    o.resume = resume;
    return o;
  }

  /** A finished run's folder: a checkpoint and a model (their bytes are not read here). */
  private static Path runFolder(RunsFolder runs, String id) throws Exception {
    Path run = runs.createRun(id);
    Files.createDirectories(run.resolve("checkpoints"));
    Files.writeString(run.resolve("checkpoints/ckpt-000000000010.agc"), "checkpoint");
    Files.writeString(run.resolve("model.agc"), "model");
    return run;
  }

  @ParameterizedTest
  @ValueSource(strings = {"latest", "latest/model.agc", "latest/checkpoints/ckpt-000000000010.agc", "latest/checkpoints"})
  void resumingThroughLatestKeepsWritingIntoThatRunsFolderWhenLatestMoves(String through) throws Exception {
    RunsFolder runs = new RunsFolder(tmp.resolve("runs"));
    Path a = runFolder(runs, "20261207-050000-aaaa");
    runs.pointLatestAt(a);
    RunOutputs outputs = RunOutputs.decide(options(runs.latestPointer(), runs.root().resolve(through).toString()));
    outputs.resuming("20261207-050000-aaaa");

    Path b = runFolder(runs, "20261207-060000-bbbb"); // another run starts meanwhile: latest moves
    runs.pointLatestAt(b);

    try (outputs) {
      outputs.claim();
      Path real = a.toRealPath();
      assertEquals(real, outputs.folder().toRealPath(), "the resumed run's folder");
      assertEquals(real.resolve("checkpoints"), outputs.checkpointDir().toRealPath());
      assertEquals(real.resolve("model.agc"), outputs.modelPath().getParent().toRealPath().resolve("model.agc"));
      assertEquals(real, outputs.metricsPath().toAbsolutePath().getParent().toRealPath());
      assertEquals(true, outputs.resumeSource().toRealPath().startsWith(real), "resumes " + outputs.resumeSource());
    }
    assertEquals(java.util.List.of("checkpoints", "model.agc"), list(b), "nothing written into the other run's folder");
  }

  /** Where the file system has no links, {@code latest} is a file naming the run: resumed the same way. */
  @org.junit.jupiter.api.Test
  void resumingThroughALatestPointerFileResolvesItToo() throws Exception {
    RunsFolder runs = new RunsFolder(tmp.resolve("runs"));
    Path a = runFolder(runs, "20261207-050000-aaaa");
    Files.writeString(runs.latestPointer(), "20261207-050000-aaaa\n");
    RunOutputs outputs = RunOutputs.decide(options(runs.latestPointer(), runs.latestPointer().toString()));
    assertEquals(a.resolve("checkpoints"), outputs.resumeSource());
    assertEquals(a, outputs.folder());
  }

  /**
   * A start that fails after {@code latest} was pointed at it puts latest back only while latest
   * still points at it: a run that moved latest since keeps it (before: latest went back to the
   * run before both).
   */
  @org.junit.jupiter.api.Test
  void aFailedStartLeavesLatestWhereAnotherRunMovedIt() throws Exception {
    RunsFolder runs = new RunsFolder(tmp.resolve("runs"));
    Path earlier = runFolder(runs, "20261207-050000-aaaa");
    runs.pointLatestAt(earlier);
    RunOutputs outputs = RunOutputs.decide(options(runs.latestPointer(), null));
    outputs.claim();
    outputs.announce();
    Path mine = outputs.folder();
    Path other = runFolder(runs, "20261207-060000-bbbb"); // started after this one: latest moves on
    runs.pointLatestAt(other);

    outputs.abandonIfEmpty(); // this start failed
    outputs.close();
    assertEquals(false, Files.exists(mine), "the failed start's empty folder is removed");
    assertEquals(other.getFileName(), Files.readSymbolicLink(runs.latestPointer()), "latest stays at the newer run");
  }

  /**
   * A start refused because another process holds the folder removes nothing of that process's,
   * not even an empty metrics file it has just made (before: deleted by this process's cleanup);
   * the refusal comes before anything in the folder is read (decide, not claim).
   */
  @org.junit.jupiter.api.Test
  void aStartRefusedByAnotherProcesssLockDeletesNothingOfIts() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("busy"));
    try (var held = org.actorgrad.checkpoint.RunLock.acquire(folder, "the other process")) {
      Path metrics = Files.createFile(folder.resolve("metrics.jsonl")); // the other process's, just made
      org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
          () -> RunOutputs.decide(options(folder, null)));
      assertEquals(true, Files.exists(metrics), "the other process's metrics file");
      assertEquals(java.util.List.of("metrics.jsonl", "run.lock"), list(folder));
    }
  }

  private static java.util.List<String> list(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
