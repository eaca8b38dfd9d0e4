package org.actorgrad.cli;

import static org.actorgrad.cli.ShortRun.assertSameFiles;
import static org.actorgrad.cli.ShortRun.checkpointed;
import static org.actorgrad.cli.ShortRun.files;
import static org.actorgrad.cli.TrainCommandTest.trainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.actorgrad.checkpoint.RunLock;
import org.actorgrad.checkpoint.RunsFolder;
import org.actorgrad.cli.TrainCommandTest.Run;
import org.actorgrad.testing.Datasets;
import org.actorgrad.training.RunCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder belongs to one run (issue 15): runs one after the other into the default each get a
 * folder of their own, {@code --resume} alone resumes the newest and says which, a folder holding
 * another run's files is refused, a folder in use is locked, and a failed start leaves nothing.
 */
class RunFolderTest {
  @TempDir Path tmp;

  private static List<Path> runFolders(Path runs) throws IOException {
    try (Stream<Path> list = Files.list(runs)) {
      return list.filter(p -> RunsFolder.isRunId(p.getFileName().toString())).sorted().toList();
    }
  }

  /** Everything under {@code dir}, folders included, as relative paths. */
  private static List<String> tree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void twoRunsOneAfterTheOtherIntoTheDefaultEachGetAFolderAndPruneOnlyTheirOwnCheckpoints() throws Exception {
    Path runs = tmp.resolve("runs");
    Path latest = runs.resolve("latest"); // the default --run-dir, under a temporary folder
    Run first = trainer(checkpointed(latest, "--epochs", "2"));
    assertEquals(0, first.code(), first.err());
    List<Path> afterFirst = runFolders(runs);
    assertEquals(1, afterFirst.size(), tree(runs).toString());
    Path a = afterFirst.get(0);
    assertTrue(first.out().contains("run folder " + a), first.out());
    assertTrue(first.out().contains("model saved to " + a.resolve("model.agc")), first.out());
    assertTrue(Files.isSymbolicLink(latest), "runs/latest is a link");
    assertEquals(a.getFileName(), Files.readSymbolicLink(latest), "a relative link to the run's folder");
    assertEquals(a.getFileName().toString(), RunCheckpoint.header(CheckpointFormat.read(a.resolve("model.agc"))).runId(),
        "the run's id, its folder's name, is in the header");
    Map<String, byte[]> firstFiles = files(a, false);
    assertTrue(firstFiles.containsKey("checkpoints/best.agc"), firstFiles.keySet().toString());

    // Another seed, so that every file of the second run differs from the first's.
    Run second = trainer(checkpointed(latest, "--epochs", "1", "--seed", "7"));
    assertEquals(0, second.code(), second.err());
    List<Path> afterSecond = runFolders(runs);
    assertEquals(2, afterSecond.size(), tree(runs).toString());
    Path b = afterSecond.get(afterSecond.get(0).equals(a) ? 1 : 0);
    assertNotEquals(a, b);
    assertEquals(b.getFileName(), Files.readSymbolicLink(latest), "latest points at the newest run");
    assertSameFiles(firstFiles, a, false); // not overwritten, not pruned, its best.agc not compared with
    try (Stream<Path> own = Files.list(b.resolve("checkpoints"))) {
      assertEquals(3, own.filter(p -> p.getFileName().toString().endsWith(".agc")).count(),
          "--keep 2 plus best.agc, in the second run's own folder");
    }
    // Reading commands follow runs/latest to the newest run's model.
    Run shown = trainer("evaluate", "--run-dir", latest.toString(), "--data", Datasets.mnistOrSynthetic().toString());
    assertEquals(0, shown.code(), shown.err());
  }

  @Test
  void resumeAloneResumesTheNewestRunAndSaysWhich() throws Exception {
    Path runs = tmp.resolve("runs");
    Path latest = runs.resolve("latest");
    assertEquals(0, trainer(checkpointed(latest, "--epochs", "1")).code());
    Run second = trainer(checkpointed(latest, "--epochs", "1", "--seed", "7"));
    assertEquals(0, second.code(), second.err());
    Path newest = runs.resolve(Files.readSymbolicLink(latest));
    Path older = runFolders(runs).stream().filter(p -> !p.equals(newest)).findFirst().orElseThrow();
    Map<String, byte[]> olderFiles = files(older, false);

    Run resumed = trainer(checkpointed(latest, "--resume", "--epochs", "2"));
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("resuming the newest run, " + newest.getFileName() + " (" + newest + ")"),
        resumed.out());
    String straight = trainer(checkpointed(tmp.resolve("straight"), "--epochs", "2", "--seed", "7")).fingerprint();
    assertEquals(straight, resumed.fingerprint(), "the newest run (seed 7) went on, bit-exactly");
    assertEquals(2, runFolders(runs).size(), "no new folder for a resume");
    assertEquals(newest.getFileName().toString(),
        RunCheckpoint.header(CheckpointFormat.read(newest.resolve("model.agc"))).runId(), "a resumed run keeps its id");
    assertSameFiles(olderFiles, older, false);

    // A run folder given to --resume keeps working, and writes into that folder.
    Run again = trainer(checkpointed(latest, "--resume", older.toString(), "--epochs", "2"));
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("model saved to " + older.resolve("model.agc")), again.out());
    assertEquals(newest.getFileName(), Files.readSymbolicLink(latest), "resuming an older run moves no pointer");
    Run fromModel = trainer(checkpointed(latest, "--resume", older.resolve("model.agc").toString(), "--epochs", "3"));
    assertEquals(0, fromModel.code(), fromModel.err());
    assertTrue(fromModel.out().contains("model saved to " + older.resolve("model.agc")), "a run's model.agc resumes"
        + " into its folder: " + fromModel.out());
    assertEquals(2, runFolders(runs).size(), "no new folder for a resume");
  }

  @Test
  void aNewRunIntoAFolderHoldingAnotherRunsFilesIsRefusedAndTouchesNothing() throws Exception {
    Path run = tmp.resolve("mine");
    assertEquals(0, trainer(checkpointed(run, "--epochs", "1")).code());
    Map<String, byte[]> before = files(run, false);
    Run again = trainer(checkpointed(run, "--epochs", "1", "--seed", "7"));
    assertEquals(2, again.code(), again.out());
    assertEquals("error: --run-dir " + run + " holds another run's files: continue that run with --resume, or choose"
        + " another --run-dir (without --run-dir each run gets a folder of its own under runs/)", again.err().strip());
    assertSameFiles(before, run, false);

    Run sharedCheckpoints = trainer(checkpointed(tmp.resolve("other"), "--epochs", "1", "--checkpoint-dir",
        run.resolve("checkpoints").toString()));
    assertEquals(2, sharedCheckpoints.code());
    assertTrue(sharedCheckpoints.err().contains("--checkpoint-dir " + run.resolve("checkpoints")
        + " holds another run's checkpoints: continue that run with --resume"), sharedCheckpoints.err());
    assertFalse(Files.exists(tmp.resolve("other")), "a refused start leaves no folder");
    assertSameFiles(before, run, false);

    Path elsewhere = tmp.resolve("elsewhere");
    assertEquals(0, trainer(checkpointed(elsewhere, "--epochs", "1", "--seed", "7")).code());
    Run foreignResume = trainer(checkpointed(run, "--resume", elsewhere.resolve("model.agc").toString(), "--epochs", "2"));
    assertEquals(2, foreignResume.code(), foreignResume.out());
    assertTrue(foreignResume.err().contains("is not a checkpoint of the run in " + run.resolve("checkpoints")
        + ", which holds another run's checkpoints"), foreignResume.err());
    assertSameFiles(before, run, false);

    Run sharedModel = trainer(checkpointed(tmp.resolve("third"), "--epochs", "1", "--model-out", run.resolve("model.agc").toString()));
    assertEquals(2, sharedModel.code());
    assertTrue(sharedModel.err().contains("--model-out " + run.resolve("model.agc") + " exists"), sharedModel.err());
    assertSameFiles(before, run, false);
  }

  /**
   * A resume into another run's checkpoints or model is refused, in a runs folder as in an explicit
   * --run-dir, by the run ids in their headers (before: checked only for --run-dir, and by paths, so
   * {@code --resume runs/A --checkpoint-dir runs/B/checkpoints} pruned B's checkpoints, and a
   * run's own model.agc resumed into its own --run-dir was refused as another run's).
   */
  @Test
  void aResumeIntoAnotherRunsCheckpointsOrModelIsRefusedAndItsOwnFolderIsNot() throws Exception {
    Path runs = tmp.resolve("runs");
    Path latest = runs.resolve("latest");
    assertEquals(0, trainer(checkpointed(latest, "--epochs", "1")).code());
    assertEquals(0, trainer(checkpointed(latest, "--epochs", "1", "--seed", "7")).code());
    Path b = runs.resolve(Files.readSymbolicLink(latest));
    Path a = runFolders(runs).stream().filter(p -> !p.equals(b)).findFirst().orElseThrow();
    Map<String, byte[]> aFiles = files(a, false);
    Map<String, byte[]> bFiles = files(b, false);

    Run intoCheckpoints = trainer(checkpointed(latest, "--resume", a.toString(), "--epochs", "2",
        "--checkpoint-dir", b.resolve("checkpoints").toString()));
    assertEquals(2, intoCheckpoints.code(), intoCheckpoints.out());
    assertTrue(intoCheckpoints.err().contains("is not a checkpoint of the run in " + b.resolve("checkpoints")
        + ", which holds another run's checkpoints (run " + b.getFileName() + ")"), intoCheckpoints.err());
    Run intoModel = trainer(checkpointed(latest, "--resume", a.toString(), "--epochs", "2",
        "--model-out", b.resolve("model.agc").toString()));
    assertEquals(2, intoModel.code(), intoModel.out());
    assertTrue(intoModel.err().contains("--model-out " + b.resolve("model.agc") + " is another run's model (run "
        + b.getFileName() + ")"), intoModel.err());
    assertSameFiles(aFiles, a, false);
    assertSameFiles(bFiles, b, false);

    Path mine = tmp.resolve("myrun");
    assertEquals(0, trainer(checkpointed(mine, "--epochs", "1")).code());
    Run own = trainer(checkpointed(mine, "--resume", mine.resolve("model.agc").toString(), "--epochs", "2"));
    assertEquals(0, own.code(), own.err());
    assertTrue(own.out().contains("resuming at epoch 2"), own.out());
  }

  @Test
  void aRunKilledBeforeItsFirstEpochAndCheckpointLeavesNothingThatBlocksStartingItAgain() throws Exception {
    Path run = Files.createDirectories(tmp.resolve("killed"));
    Files.createFile(run.resolve("metrics.jsonl")); // what such a run leaves, with run.lock and checkpoints/
    Files.createFile(run.resolve(RunLock.FILE));
    Files.createDirectories(run.resolve("checkpoints"));
    Run again = trainer(checkpointed(run, "--epochs", "1"));
    assertEquals(0, again.code(), again.err());
  }

  @Test
  void aFolderInUseIsLockedWithThePidAndALockNotHeldDoesNotBlock() throws Exception {
    Path run = tmp.resolve("busy");
    Files.createDirectories(run);
    try (RunLock held = RunLock.acquire(run, "the run folder " + run)) {
      assertEquals("pid " + ProcessHandle.current().pid() + "\n", Files.readString(held.file()));
      Run second = trainer(checkpointed(run, "--epochs", "1"));
      assertEquals(1, second.code(), second.out());
      assertEquals("error: the run folder " + run + " is in use by another training process (pid "
          + ProcessHandle.current().pid() + "): wait for it to end, or give this run another folder", second.err().strip());
      assertEquals(List.of("", RunLock.FILE), tree(run), "nothing written beside the lock");
    }
    // The lock is gone with its holder, and so is its file.
    Run after = trainer(checkpointed(run, "--epochs", "1"));
    assertEquals(0, after.code(), after.err());
    assertFalse(Files.exists(run.resolve(RunLock.FILE)), "run.lock removed when the run ended (before: left, empty)");
  }

  @Test
  void aFailedStartLeavesNoNewFileOrFolder() throws Exception {
    Path runs = tmp.resolve("runs");
    Path latest = runs.resolve("latest");
    Path noData = tmp.resolve("no-data");
    Files.createDirectories(noData);
    Run badData = trainer(checkpointed(latest, "--epochs", "1", "--data", noData.toString()));
    assertNotEquals(0, badData.code());
    assertFalse(Files.exists(runs), "bad data: " + badData.err());
    Run nothing = trainer(checkpointed(latest, "--resume"));
    assertEquals(1, nothing.code());
    assertEquals("error: nothing to resume: no run in " + runs + " yet (start without --resume, or give --resume a run"
        + " folder or checkpoint)", nothing.err().strip());
    assertFalse(Files.exists(runs), "nothing to resume");
    Path explicit = tmp.resolve("explicit");
    Run nothingThere = trainer(checkpointed(explicit, "--resume"));
    assertEquals(1, nothingThere.code());
    assertTrue(nothingThere.err().contains("nothing to resume in " + explicit.resolve("checkpoints")), nothingThere.err());
    assertFalse(Files.exists(explicit), "nothing to resume in an explicit folder");
    Run badOption = trainer(checkpointed(latest, "--epochs", "1", "--layers", "8:relu,10:softmax,3:softmax"));
    assertEquals(2, badOption.code(), badOption.out());
    assertFalse(Files.exists(runs), "an option found wrong once the data is read: " + badOption.err());

    // A start refused under the lock (the folder filled after the first check) removes what it made.
    assertEquals(0, trainer(checkpointed(latest, "--epochs", "1")).code());
    List<String> before = tree(runs);
    Run refused = trainer(checkpointed(runs.resolve(Files.readSymbolicLink(latest)), "--epochs", "1"));
    assertEquals(2, refused.code());
    assertEquals(before, tree(runs));
  }
}
