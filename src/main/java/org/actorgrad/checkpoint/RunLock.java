package org.actorgrad.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a second process out of a folder a run is using: {@code run.lock} in the folder, holding
 * the process id, locked with {@link FileChannel#tryLock()}. The operating system releases the
 * lock when the process ends however it ends (kill -9 included), so a dead run never leaves a lock
 * that blocks; the file itself stays (empty) after a run, because deleting a lock file while
 * another process may be opening it would let two processes each lock a different file.
 *
 * <p>Within one JVM the same folder cannot be locked twice either ({@code tryLock} throws
 * {@link OverlappingFileLockException}): that is told the same way, with this process's id.
 */
public final class RunLock implements AutoCloseable {
  public static final String FILE = "run.lock";
  /** Tries of {@link #acquire} before the folder is taken to be in use. */
  private static final int PROBE_RETRIES = 5;

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final boolean created;

  private RunLock(Path file, FileChannel channel, FileLock lock, boolean created) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.created = created;
  }

  /**
   * Locks {@code folder} (which must exist) for this process and writes its id into the lock file.
   *
   * @param what how the folder is named in the error, e.g. {@code "--run-dir runs/x"}
   * @throws IllegalStateException one line naming the folder and the process that holds it
   * @throws IOException when the lock file cannot be created or written
   */
  public static RunLock acquire(Path folder, String what) throws IOException {
    Path file = folder.resolve(FILE);
    boolean created = !Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock lock = null;
    try {
      // A reader's probe (heldBy) holds a shared lock for an instant: a few tries over ~50 ms
      // keep it from turning a starting run away.
      for (int attempt = 0; lock == null && attempt < PROBE_RETRIES; attempt++) {
        if (attempt > 0) {
          Thread.sleep(10);
        }
        lock = channel.tryLock();
      }
    } catch (OverlappingFileLockException thisJvm) {
      lock = null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      channel.close();
      throw new IOException("interrupted while locking " + file, e);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      String holder = holder(channel);
      channel.close();
      throw new IllegalStateException(what + " is in use by another training process (" + holder
          + "): wait for it to end, or give this run another folder");
    }
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(false);
    return new RunLock(file, channel, lock, created);
  }

  /**
   * The pid of the process that holds {@code folder}'s lock, found without keeping a starting run
   * out: a shared lock is tried on the lock file and released at once (a holder's exclusive lock
   * refuses it; {@link #acquire} retries past such an instant). The lock, not the pid, says
   * whether the folder is held: a pid outlives its process (a killed run leaves it in the file,
   * and a container's next process may get the same small number), and a process in another
   * container has a pid of another namespace. The pid is read from the file for the message.
   *
   * @return empty when nobody holds the lock (no file, or an unlocked one); the pid the file names
   *     when held, or -1 when held by a process that wrote no pid
   */
  public static java.util.OptionalLong heldBy(Path folder) {
    Path file = folder.resolve(FILE);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return java.util.OptionalLong.empty();
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      FileLock probe;
      try {
        probe = channel.tryLock(0, Long.MAX_VALUE, true);
      } catch (OverlappingFileLockException thisJvm) {
        return java.util.OptionalLong.of(ProcessHandle.current().pid());
      }
      if (probe != null) {
        probe.release();
        return java.util.OptionalLong.empty();
      }
      String text = holder(channel);
      return java.util.OptionalLong.of(text.matches("pid \\d{1,18}") ? Long.parseLong(text.substring(4)) : -1);
    } catch (IOException | RuntimeException unreadable) {
      return java.util.OptionalLong.empty(); // not one of ours, or not readable: nobody is named
    }
  }

  /** What the lock file says about its holder: "pid N", or that it does not say. */
  private static String holder(FileChannel channel) {
    try {
      ByteBuffer b = ByteBuffer.allocate(64);
      channel.read(b, 0);
      String text = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).trim();
      return text.matches("pid \\d+") ? text : "its pid is not written yet";
    } catch (IOException e) {
      return "its pid cannot be read: " + e.getMessage();
    }
  }

  /** Whether this lock made the lock file (a failed start removes it again). */
  public boolean createdFile() {
    return created;
  }

  public Path file() {
    return file;
  }

  /** Empties the lock file and releases the lock; the file stays (see the class comment). */
  @Override
  public void close() throws IOException {
    try {
      if (lock.isValid()) {
        channel.truncate(0);
        lock.release();
      }
    } finally {
      channel.close();
    }
  }

  /** Releases the lock and deletes the lock file this lock created: for a start that failed. */
  public void closeAndDeleteIfCreated() throws IOException {
    if (created) {
      Files.deleteIfExists(file); // while still held: no other process has been let in
    }
    close();
  }
}
