package org.actorgrad.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps a second process out of a folder a run is using: {@code run.lock} in the folder, holding
 * the process id, locked with {@link FileChannel#tryLock()}. The operating system releases the
 * lock when the process ends however it ends (kill -9 included), so a dead run never leaves a lock
 * that blocks (its file stays, and blocks nobody).
 *
 * <p>A run that ends removes its lock file ({@link #close}), still holding the lock. A process
 * that opened that file meanwhile and waits to lock it would then hold a file that is no longer in
 * the folder, while a third one creates and locks a new one: so {@link #acquire} checks, once it
 * holds its lock, that the file it locked is the one in the folder, and otherwise tries again (the
 * usual lock-file protocol). Java gives no inode of an open channel, and opening the file again by
 * name to read it back would not do: closing any descriptor of a file drops the process's POSIX
 * locks on it. So the check is by name only (stat, which opens nothing): the file's key (device
 * and inode) before it was opened must still be the file's key once locked, with the size of a
 * token of random length just written through the channel.
 *
 * <p>Within one JVM the same folder cannot be locked twice either ({@code tryLock} throws
 * {@link OverlappingFileLockException}): that is told the same way, with this process's id.
 */
public final class RunLock implements AutoCloseable {
  public static final String FILE = "run.lock";
  /** Tries of {@link #acquire} before the folder is taken to be in use. */
  private static final int PROBE_RETRIES = 5;
  /** Locks taken on a file that its ending holder had meanwhile removed, before giving up. */
  private static final int REPLACED_RETRIES = 100;

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
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
    for (int attempt = 1; ; attempt++) {
      Object before = fileKey(file); // the file the channel will open, if it stays there
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      boolean kept = false;
      try {
        FileLock lock = tryLock(channel, file);
        if (lock == null) {
          throw new IllegalStateException(what + " is in use by another training process (" + holder(channel)
              + "): wait for it to end, or give this run another folder");
        }
        if (lockedTheFileNamed(file, channel, before)) {
          write(channel, "pid " + ProcessHandle.current().pid() + "\n");
          kept = true;
          return new RunLock(file, channel, lock);
        }
        // else a new file, or one its ending run removed after we opened it: lock the one there now
      } finally {
        if (!kept) {
          channel.close();
        }
      }
      if (attempt == REPLACED_RETRIES) {
        throw new IOException(file + " was removed and made again " + attempt + " times while this process"
            + " tried to lock it: is another program deleting it?");
      }
    }
  }

  /**
   * Locks {@code channel}'s file, or null when another process holds it. A reader's probe
   * ({@link #heldBy}) holds a shared lock for an instant: a few tries over ~50 ms keep it from
   * turning a starting run away.
   */
  private static FileLock tryLock(FileChannel channel, Path file) throws IOException {
    try {
      FileLock lock = null;
      for (int attempt = 0; lock == null && attempt < PROBE_RETRIES; attempt++) {
        if (attempt > 0) {
          Thread.sleep(10);
        }
        lock = channel.tryLock();
      }
      return lock;
    } catch (OverlappingFileLockException thisJvm) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while locking " + file, e);
    }
  }

  /**
   * Whether the file {@code channel} has open (and this process has locked) is the one named
   * {@code file}: {@code file}'s key is still {@code before}, its key before the channel opened it
   * (a file removed and made again meanwhile has another, since the channel keeps the removed one
   * from being freed), and its size that of a token of random length written now through the
   * channel. A file made by the channel ({@code before} null) is checked on the next try.
   */
  private static boolean lockedTheFileNamed(Path file, FileChannel channel, Object before) throws IOException {
    String token = "pid " + ProcessHandle.current().pid() + " is locking this file"
        + " ".repeat(64 + ThreadLocalRandom.current().nextInt(4000)) + "\n";
    write(channel, token);
    BasicFileAttributes now;
    try {
      now = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException removed) {
      return false;
    }
    if (now.fileKey() == null) {
      return true; // a file system without keys (Windows): the check cannot be made there
    }
    return now.fileKey().equals(before) && now.size() == token.getBytes(StandardCharsets.UTF_8).length;
  }

  /** {@code file}'s key (device and inode) without opening it, or null when it is not there. */
  private static Object fileKey(Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    } catch (NoSuchFileException absent) {
      return null;
    }
  }

  private static void write(FileChannel channel, String text) throws IOException {
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(false);
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
  public static OptionalLong heldBy(Path folder) {
    Path file = folder.resolve(FILE);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return OptionalLong.empty();
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      FileLock probe;
      try {
        probe = channel.tryLock(0, Long.MAX_VALUE, true);
      } catch (OverlappingFileLockException thisJvm) {
        return OptionalLong.of(ProcessHandle.current().pid());
      }
      if (probe != null) {
        probe.release();
        return OptionalLong.empty();
      }
      String text = holder(channel);
      return OptionalLong.of(text.matches("pid \\d{1,18}") ? Long.parseLong(text.substring(4)) : -1);
    } catch (IOException | RuntimeException unreadable) {
      return OptionalLong.empty(); // not one of ours, or not readable: nobody is named
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

  public Path file() {
    return file;
  }

  /**
   * Removes the lock file, then releases the lock: the run using the folder has ended (finished,
   * stopped or failed), and an empty {@code run.lock} would only be noise among its files. Removed
   * while still held, so no other process holds it at that moment; one waiting on it finds it
   * gone once it gets the lock, and locks a new one ({@link #acquire}).
   */
  @Override
  public void close() throws IOException {
    try {
      if (lock.isValid()) {
        Files.deleteIfExists(file);
        lock.release();
      }
    } finally {
      channel.close();
    }
  }
}
