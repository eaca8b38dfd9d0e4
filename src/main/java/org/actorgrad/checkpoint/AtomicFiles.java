package org.actorgrad.checkpoint;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replacing a file so that a crash at any moment leaves either the old file or the complete new
 * one under its name, never a mixture, an empty file or a truncated one.
 *
 * <p>The bytes go to a temporary file in the target's directory (a rename is atomic only within
 * one file system), are flushed and forced to the disk, and the temporary file is then renamed
 * over the target with {@code ATOMIC_MOVE}. Finally the directory is forced too, because on Linux
 * the rename itself lives in the directory and could otherwise be lost in a power cut.
 */
public final class AtomicFiles {
  /** ".<target name>.<pid>-<n>.tmp": hidden, and names the process so leftovers can be recognised. */
  private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.(\\d+)-\\d+\\.tmp");
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final long PID = ProcessHandle.current().pid();

  private AtomicFiles() {}

  /**
   * Writes {@code target} atomically with what {@code body} writes. If the body or anything after
   * it fails, the target is untouched and the temporary file is deleted.
   *
   * @throws IOException always a {@link FileSystemException} naming {@code target} (never the
   *     hidden temporary file the user did not ask for): when the file system refuses the temporary
   *     file (a folder without write permission, a missing folder, a file where the folder should
   *     be), and when writing fails without naming a file (a full disk: "No space left on device")
   */
  public static void write(Path target, IoConsumer<OutputStream> body) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temporary = dir.resolve("." + target.getFileName() + "." + PID + "-" + COUNTER.incrementAndGet() + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temporary,
              StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
        body.accept(out);
        out.flush();
        channel.force(true);
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof FileSystemException f && temporary.toString().equals(f.getFile())) {
        throw asTargets(f, target);
      }
      if (e instanceof IOException io && !(e instanceof FileSystemException)) {
        // A full disk says "No space left on device" and nothing more: name the file it was for.
        throw named(io, target);
      }
      throw e;
    }
    forceDirectory(dir);
  }

  /** {@code failure} without a file (a full disk, say), told as a failure to write {@code target}. */
  private static FileSystemException named(IOException failure, Path target) {
    String reason = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    FileSystemException told = new FileSystemException(target.toString(), null, "cannot write it: "
        + reason.toLowerCase(java.util.Locale.ROOT));
    told.initCause(failure);
    return told;
  }

  /** {@code failure} on the temporary file, told as a failure to write {@code target}. */
  private static FileSystemException asTargets(FileSystemException failure, Path target) {
    String reason;
    if (failure instanceof AccessDeniedException) {
      reason = "permission denied";
    } else if (failure instanceof NoSuchFileException) {
      reason = "its folder does not exist";
    } else if (failure.getReason() != null) {
      reason = failure.getReason().toLowerCase(java.util.Locale.ROOT);
    } else {
      reason = failure.getClass().getSimpleName();
    }
    FileSystemException told = new FileSystemException(target.toString(), null, "cannot write it: " + reason);
    told.initCause(failure);
    return told;
  }

  /**
   * Deletes temporary files in {@code dir} left by processes that were killed mid-write (their
   * process id is no longer alive on this machine); returns how many. Files of live processes, this
   * one included, are left alone.
   */
  public static int deleteLeftovers(Path dir) throws IOException {
    int deleted = 0;
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Matcher m = TEMPORARY.matcher(p.getFileName().toString());
        if (m.matches() && isDead(m.group(1)) && Files.deleteIfExists(p)) {
          deleted++;
        }
      }
    }
    return deleted;
  }

  /** True if {@code name} is a temporary file of this class (finished or not). */
  public static boolean isTemporary(Path name) {
    return TEMPORARY.matcher(name.getFileName().toString()).matches();
  }

  private static boolean isDead(String pid) {
    try {
      return ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true);
    } catch (NumberFormatException tooLong) {
      return true;
    }
  }

  private static void forceDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Windows cannot open a directory as a channel; there the rename is durable on its own.
      if (!System.getProperty("os.name", "").startsWith("Windows")) {
        throw e;
      }
    }
  }
}
