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
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException thisJvm) {
      lock = null;
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
   * The pid of the live process that holds {@code folder}, read without locking (a reader such as
   * {@code evaluate} must not keep a starting run out, even for an instant): the pid the lock file
   * names, when that process is alive. A holder empties the file when it ends; one killed with
   * SIGKILL leaves its pid, whose process is then gone.
   *
   * @return empty when no live process is named (no file, empty, unreadable, or a dead pid)
   */
  public static java.util.OptionalLong heldBy(Path folder) {
    try {
      String text = Files.readString(folder.resolve(FILE), StandardCharsets.UTF_8).trim();
      if (text.matches("pid \\d{1,18}")) {
        long pid = Long.parseLong(text.substring(4));
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          return java.util.OptionalLong.of(pid);
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      // no lock file, or not one of ours: nobody is named
    }
    return java.util.OptionalLong.empty();
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
