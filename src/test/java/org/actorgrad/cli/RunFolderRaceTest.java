package org.actorgrad.cli;

import static org.actorgrad.cli.ShortRun.assertSameFiles;
import static org.actorgrad.cli.ShortRun.checkpointed;
import static org.actorgrad.cli.ShortRun.files;
import static org.actorgrad.cli.TrainCommandTest.trainer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.actorgrad.cli.TrainCommandTest.Run;
import org.actorgrad.testing.RunLockHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder that another process holds (issue 15, found in review): the lock is taken before
 * anything in the folder is read or chosen, so a second {@code --resume} (or a new run) of it gets
 * the one-line "in use by pid N" error, exit 1, prints nothing else and changes nothing. Before,
 * the second process chose its checkpoint and loaded the data first ("resuming at epoch 2, step 1"
 * on stdout, then the error), and a folder already holding files was refused as "another run's"
 * with exit 2.
 */
class RunFolderRaceTest {
  @TempDir Path tmp;

  private static void assertInUse(Run r, Path folder, long pid) {
    assertInUse(r, folder, pid, "give this run another folder");
  }

  /** {@code wayOut}: what the line offers: another folder, or (for a source only read) a checkpoint file. */
  private static void assertInUse(Run r, Path folder, long pid, String wayOut) {
    assertEquals(1, r.code(), r.out() + r.err());
    assertEquals("error: the run folder " + folder + " is in use by another training process (pid " + pid
        + "): wait for it to end, or " + wayOut, r.err().strip());
    assertEquals("", r.out(), "nothing chosen, loaded or said before the lock");
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aSecondResumeOrRunOfAFolderInUseIsToldThePidAtOnceAndChangesNothing() throws Exception {
    Path runs = tmp.resolve("runs");
    Path latest = runs.resolve("latest");
    Path explicit = tmp.resolve("explicit");
    assertEquals(0, trainer(checkpointed(explicit, "--epochs", "1")).code());
    Run first = trainer(checkpointed(latest, "--epochs", "1"));
    assertEquals(0, first.code(), first.err());
    Path newest = runs.resolve(Files.readSymbolicLink(latest));
    Path empty = Files.createDirectories(tmp.resolve("empty"));

    for (Path busy : List.of(explicit, newest, empty)) {
      Map<String, byte[]> before = files(busy, true);
      Process other = RunLockHolder.start(busy);
      try {
        before = files(busy, true); // with the holder's pid in run.lock
        if (!busy.equals(empty)) {
          assertInUse(trainer(checkpointed(busy, "--resume", "--epochs", "2")), busy, other.pid());
          assertInUse(trainer(checkpointed(tmp.resolve("elsewhere"), "--resume", busy.toString(), "--epochs", "2")),
              busy, other.pid(), "resume from its newest checkpoint file");
          // A new run into it: "in use" too, not "holds another run's files" (exit 2) as before.
          assertInUse(trainer(checkpointed(busy, "--epochs", "1")), busy, other.pid());
        } else {
          assertInUse(trainer(checkpointed(busy, "--resume")), busy, other.pid()); // before: "nothing to resume", exit 2
        }
        if (busy.equals(newest)) { // --resume alone picks the newest run: held, so nothing is picked in it
          assertInUse(trainer(checkpointed(latest, "--resume", "--epochs", "2")), busy, other.pid());
        }
        assertSameFiles(before, busy, true);
        assertEquals(List.of(), Files.exists(tmp.resolve("elsewhere")) ? List.of("elsewhere") : List.of(),
            "no folder made for a refused resume");
      } finally {
        other.destroyForcibly();
        other.waitFor();
      }
    }
    // Released with its holder: the run resumes.
    Run resumed = trainer(checkpointed(explicit, "--resume", "--epochs", "2"));
    assertEquals(0, resumed.code(), resumed.err());
  }
}
