package org.actorgrad.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.actorgrad.checkpoint.RunLock;

/**
 * A second JVM holding a run folder's lock, as a training process does: for the tests of what
 * another process sees while a folder is in use. It holds the lock until its stdin closes or it is
 * killed ({@code destroyForcibly()}: SIGKILL, as a crashed run).
 */
public final class RunLockHolder {
  private RunLockHolder() {}

  /** The holder's process: locks the folder in its argument, says "locked PID", and holds it. */
  public static void main(String[] args) throws Exception {
    try (RunLock lock = RunLock.acquire(Path.of(args[0]), "the run folder " + args[0])) {
      System.out.println("locked " + ProcessHandle.current().pid());
      System.out.flush();
      while (System.in.read() >= 0) {
        // holds the lock until the test closes stdin or kills this process
      }
    }
  }

  /**
   * Starts a holder of {@code folder} (which must exist) and returns once it holds the lock.
   *
   * @return the holder's process; its {@code pid()} is the pid written in the lock file
   */
  public static Process start(Path folder) throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
        "-cp", System.getProperty("java.class.path"), RunLockHolder.class.getName(), folder.toString())
        .redirectErrorStream(true).start();
    String said = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    assertEquals("locked " + p.pid(), said, "the holder of " + folder);
    return p;
  }
}
