package org.actorgrad.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.actorgrad.cli.Main;
import org.actorgrad.testing.RunLockHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes at once on one run folder: the second is kept out with the first one's pid, and
 * a holder killed with SIGKILL leaves a lock file that blocks nobody.
 */
class RunLockTest {
  @TempDir Path tmp;

  /**
   * The lock, not the pid in the file, says whether a folder is held: a killed run leaves its pid,
   * and in a container the next process can get that same number (here: this live process's own).
   */
  @Test
  void aLockFileNamingALiveProcessThatHoldsNoLockIsNotHeld() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("left"));
    Files.writeString(folder.resolve(RunLock.FILE), "pid " + ProcessHandle.current().pid() + "\n");
    assertEquals(java.util.OptionalLong.empty(), RunLock.heldBy(folder));
    assertEquals(java.util.OptionalLong.empty(), RunLock.heldBy(tmp.resolve("no-such-folder")));
    try (RunLock mine = RunLock.acquire(folder, "the run folder " + folder)) {
      assertEquals(java.util.OptionalLong.of(ProcessHandle.current().pid()), RunLock.heldBy(folder));
    }
    assertEquals(java.util.OptionalLong.empty(), RunLock.heldBy(folder));
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aSecondProcessIsKeptOutWithTheHoldersPidUntilTheHolderIsKilled() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("run"));
    Process other = RunLockHolder.start(folder);
    try {
      assertEquals("pid " + other.pid() + "\n", Files.readString(folder.resolve(RunLock.FILE)));

      assertEquals(java.util.OptionalLong.of(other.pid()), RunLock.heldBy(folder));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> RunLock.acquire(folder, "the run folder " + folder));
      assertEquals("the run folder " + folder + " is in use by another training process (pid " + other.pid()
          + "): wait for it to end, or give this run another folder", e.getMessage());

      // The command line says it in one line and writes nothing beside the lock.
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.run(new String[] {"--data", org.actorgrad.testing.Datasets.mnistOrSynthetic().toString(),
          "--limit", "300", "--epochs", "1", "--layers", "4:relu,10:softmax", "--run-dir", folder.toString(),
          "--no-progress"}, new PrintWriter(out, true), new PrintWriter(err, true));
      assertEquals(1, code, out.toString());
      assertEquals("error: " + e.getMessage(), err.toString().strip());
      try (var files = Files.list(folder)) {
        assertEquals(List.of(folder.resolve(RunLock.FILE)), files.toList());
      }

      other.destroyForcibly(); // SIGKILL: no chance to release anything
      other.waitFor();
      assertEquals(java.util.OptionalLong.empty(), RunLock.heldBy(folder), "a killed holder holds nothing");
      try (RunLock mine = RunLock.acquire(folder, "the run folder " + folder)) {
        assertTrue(mine.file().equals(folder.resolve(RunLock.FILE)));
        assertEquals("pid " + ProcessHandle.current().pid() + "\n", Files.readString(mine.file()));
      }
    } finally {
      other.destroyForcibly();
      other.waitFor();
    }
  }

  /**
   * Each run removes its lock file as it ends, while others may have it open and wait to lock it:
   * three processes taking one folder's lock in turn, hundreds of times, never hold it at once (a
   * process that locked the removed file finds out and locks the new one), and the folder is left
   * without a lock file.
   */
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void processesTakingTurnsNeverHoldAFolderAtOnceThoughEachRemovesTheLockFile() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("contended"));
    List<Process> contenders = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      contenders.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
          "-cp", System.getProperty("java.class.path"), org.actorgrad.testing.RunLockContender.class.getName(),
          folder.toString(), "300").redirectErrorStream(true).start());
    }
    try {
      for (Process p : contenders) {
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(4, TimeUnit.MINUTES), out);
        assertEquals("held 300", out.strip(), "exit " + p.exitValue());
      }
    } finally {
      contenders.forEach(Process::destroyForcibly);
    }
    try (var files = Files.list(folder)) {
      assertEquals(List.of(), files.toList(), "no lock file left, no marker");
    }
  }

  /** A lock released by its holder leaves no lock file; the folder locks again at once. */
  @Test
  void theLockFileIsRemovedWhenItsHolderReleasesIt() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("ended"));
    try (RunLock mine = RunLock.acquire(folder, "the run folder " + folder)) {
      assertEquals("pid " + ProcessHandle.current().pid() + "\n", Files.readString(mine.file()));
    }
    assertFalse(Files.exists(folder.resolve(RunLock.FILE)), "run.lock removed when the run ended");
    assertEquals(java.util.OptionalLong.empty(), RunLock.heldBy(folder));
    try (RunLock again = RunLock.acquire(folder, "the run folder " + folder)) {
      assertEquals(java.util.OptionalLong.of(ProcessHandle.current().pid()), RunLock.heldBy(folder));
    }
  }
}
