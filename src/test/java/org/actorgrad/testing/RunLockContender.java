package org.actorgrad.testing;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.actorgrad.checkpoint.RunLock;

/**
 * A process that takes a run folder's lock again and again, as runs one after the other do, while
 * others try the same: for the test that at most one process holds a folder even though each run
 * removes its lock file as it ends. While it holds the lock it owns a marker file in the folder,
 * made with CREATE_NEW: a marker already there means two processes held the folder at once.
 */
public final class RunLockContender {
  private RunLockContender() {}

  /**
   * Arguments: the folder and how many times to hold it. Prints "held N" and exits 0, or prints
   * "two holders" and exits 3.
   */
  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]);
    int rounds = Integer.parseInt(args[1]);
    Path marker = folder.resolve("holder");
    int held = 0;
    while (held < rounds) {
      RunLock lock;
      try {
        lock = RunLock.acquire(folder, "the run folder " + folder);
      } catch (IllegalStateException inUse) {
        Thread.onSpinWait();
        continue;
      }
      try (lock) {
        try {
          Files.createFile(marker);
        } catch (FileAlreadyExistsException twoHolders) {
          System.out.println("two holders");
          System.exit(3);
        }
        Files.delete(marker);
      }
      held++;
    }
    System.out.println("held " + held);
  }
}
