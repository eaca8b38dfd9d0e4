package org.actorgrad.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A folder of runs, one folder per run, as TensorBoard's and Lightning's log folders are:
 * {@code <root>/<run id>/} with {@code <root>/latest} pointing at the newest run.
 *
 * <p>A run id is the UTC date and time of its start and four random hex digits
 * ({@code 20261207-051101-3fa9}): it sorts by start, a person can read it, and two runs started in
 * the same second still differ. {@code latest} is a relative symbolic link (it survives the folder
 * being moved or mounted elsewhere, as in docker/docker-compose.yml); where the file system allows
 * no links it is a small file holding the id. Either is replaced atomically: made under a
 * temporary name, then renamed over the old one.
 */
public final class RunsFolder {
  public static final String LATEST = "latest";
  private static final Pattern ID = Pattern.compile("\\d{8}-\\d{6}-[0-9a-f]{4}");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path root;
  private final Clock clock;

  public RunsFolder(Path root) {
    this(root, Clock.systemUTC());
  }

  RunsFolder(Path root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  public Path root() {
    return root;
  }

  /** {@code <root>/latest}, the pointer. */
  public Path latestPointer() {
    return root.resolve(LATEST);
  }

  /**
   * Whether {@code runDir} names the pointer of a runs folder rather than a run: it is called
   * {@code latest} and is not a real folder (a link, a pointer file, or nothing yet), or is a real
   * folder that holds no run: empty, or only an empty {@code checkpoints} (older builds made
   * {@code runs/latest} a folder, and left it so after a failed start).
   */
  public static boolean isPointer(Path runDir) {
    Path name = runDir.getFileName();
    if (name == null || !name.toString().equals(LATEST)) {
      return false;
    }
    return !Files.isDirectory(runDir, LinkOption.NOFOLLOW_LINKS) || isEmptyLeftover(runDir);
  }

  private static boolean isEmptyLeftover(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (!p.getFileName().toString().equals("checkpoints") || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          return false;
        }
        try (var inner = Files.list(p)) {
          if (inner.findAny().isPresent()) {
            return false;
          }
        }
      }
      return true;
    } catch (IOException unreadable) {
      return false;
    }
  }

  /** Whether {@code name} is a run id as {@link #createRun} makes them. */
  public static boolean isRunId(String name) {
    return ID.matcher(name).matches();
  }

  /**
   * Creates the folder of a run, {@code <root>/<id>} (and the root), or when that exists (a run
   * started in the same second with the same suffix) {@code <root>/<a new id>}: never a folder
   * that exists.
   *
   * @throws IOException when the folder cannot be created
   */
  public Path createRun(String id) throws IOException {
    Files.createDirectories(root);
    String name = id;
    for (int attempt = 0; ; attempt++) {
      try {
        return Files.createDirectory(root.resolve(name));
      } catch (FileAlreadyExistsException taken) {
        if (attempt == 100) {
          throw taken;
        }
        name = newId(clock);
      }
    }
  }

  /** A new run id: now, as {@code yyyyMMdd-HHmmss} in UTC, and four random hex digits. */
  public static String newId() {
    return newId(Clock.systemUTC());
  }

  static String newId(Clock clock) {
    return STAMP.format(clock.instant()) + String.format("-%04x", RANDOM.nextInt(1 << 16));
  }

  /**
   * The run {@code latest} points at, if there is one; it may have been deleted since.
   *
   * @throws IOException when the pointer cannot be read, or a pointer file holds no run id
   */
  public Optional<Path> latest() throws IOException {
    Path pointer = latestPointer();
    if (Files.isSymbolicLink(pointer)) {
      return Optional.of(root.resolve(Files.readSymbolicLink(pointer)));
    }
    if (Files.isRegularFile(pointer, LinkOption.NOFOLLOW_LINKS)) {
      String id = Files.readString(pointer, StandardCharsets.UTF_8).trim();
      if (!isRunId(id)) {
        throw new IOException(pointer + " should hold a run id such as 20261207-051101-3fa9, found '" + id + "'");
      }
      return Optional.of(root.resolve(id));
    }
    return Optional.empty();
  }

  /**
   * Points {@code latest} at {@code run}, a folder in this root, atomically.
   *
   * @throws IOException when neither a link nor a file can be made, or {@code latest} is a real folder
   */
  public void pointLatestAt(Path run) throws IOException {
    Path name = run.getFileName();
    Path temporary = root.resolve("." + LATEST + "." + ProcessHandle.current().pid() + "-"
        + Integer.toHexString(RANDOM.nextInt()) + ".tmp");
    try {
      try {
        Files.createSymbolicLink(temporary, name);
      } catch (UnsupportedOperationException | IOException noLinks) { // Windows without the privilege
        Files.deleteIfExists(temporary);
        Files.writeString(temporary, name + "\n", StandardCharsets.UTF_8);
      }
      Path pointer = latestPointer();
      if (Files.isDirectory(pointer, LinkOption.NOFOLLOW_LINKS)) { // an older build's empty runs/latest
        Files.deleteIfExists(pointer.resolve("checkpoints"));
        Files.delete(pointer); // fails, leaving everything, if a file has appeared there since
      }
      Files.move(temporary, pointer, StandardCopyOption.ATOMIC_MOVE); // rename(2) replaces the old pointer
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
