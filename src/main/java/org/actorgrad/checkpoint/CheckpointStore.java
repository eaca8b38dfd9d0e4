package org.actorgrad.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of checkpoints: {@code ckpt-<global step, 10 digits>.agc}, so names sort by step,
 * plus {@code best.agc}, a copy of the checkpoint with the highest header {@code val_accuracy}.
 *
 * <p>Every save is atomic ({@link AtomicFiles}); afterwards only the {@code keep} highest steps are
 * kept (and always the file just written). The best survives pruning because it is its own file.
 * Methods are synchronized so an {@link AsyncCheckpointWriter} and the training thread can share a
 * store.
 */
public final class CheckpointStore {
  public static final int DEFAULT_KEEP = 3;
  public static final String BEST = "best.agc";
  public static final String VAL_ACCURACY = "val_accuracy";
  private static final Pattern NAME = Pattern.compile("ckpt-(\\d{10})\\.agc");
  private static final long MAX_STEP = 9_999_999_999L;

  /** What a save did: the file, its size, how long writing it took, and whether it became best.agc. */
  public record SaveResult(Path file, long bytes, long millis, boolean newBest) {}

  /** A checkpoint read and verified, with the global step its name carries. */
  public record Loaded(Path file, long step, Checkpoint checkpoint) {}

  /** A file that failed to read, and why: what is wrong and what to do, in one line without the file's name. */
  public record Damaged(Path file, String reason) {}

  /** The newest valid checkpoint, if any, and the newer files skipped because they were damaged. */
  public record Recovery(Optional<Loaded> loaded, List<Damaged> skipped) {}

  private final Path dir;
  private final int keep;
  /** The val_accuracy of best.agc, read lazily: empty when there is no valid best.agc yet. */
  private OptionalDouble bestSoFar;

  public CheckpointStore(Path dir) throws IOException {
    this(dir, DEFAULT_KEEP);
  }

  /** Opens (creating it if needed) a checkpoint directory; removes temporaries of killed writers. */
  public CheckpointStore(Path dir, int keep) throws IOException {
    if (keep < 1) {
      throw new IllegalArgumentException("expected keep >= 1 checkpoints, found " + keep);
    }
    this.dir = dir;
    this.keep = keep;
    Files.createDirectories(dir);
    AtomicFiles.deleteLeftovers(dir);
  }

  public Path dir() {
    return dir;
  }

  public Path fileFor(long globalStep) {
    if (globalStep < 0 || globalStep > MAX_STEP) {
      throw new IllegalArgumentException("expected a global step in 0.." + MAX_STEP + ", found " + globalStep);
    }
    return dir.resolve(String.format("ckpt-%010d.agc", globalStep));
  }

  public Path bestFile() {
    return dir.resolve(BEST);
  }

  /**
   * Writes {@code c} as the checkpoint of {@code globalStep} (replacing one of the same step),
   * prunes beyond the newest {@code keep}, and copies it to best.agc if its header val_accuracy
   * beats the best so far. Returns when the file is on disk.
   */
  public synchronized SaveResult save(Checkpoint c, long globalStep) throws IOException {
    Path file = fileFor(globalStep);
    long start = System.nanoTime();
    CheckpointFormat.write(c, file);
    long millis = (System.nanoTime() - start) / 1_000_000;
    boolean newBest = false;
    if (c.header().get(VAL_ACCURACY) instanceof Number accuracy) {
      OptionalDouble best = bestSoFar();
      if (best.isEmpty() || accuracy.doubleValue() > best.getAsDouble()) {
        AtomicFiles.write(bestFile(), out -> Files.copy(file, out));
        bestSoFar = OptionalDouble.of(accuracy.doubleValue());
        newBest = true;
      }
    }
    prune(file);
    return new SaveResult(file, Files.size(file), millis, newBest);
  }

  /** The checkpoint with the highest step, valid or not. */
  public synchronized Optional<Path> latest() throws IOException {
    List<Path> all = all();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** Newest first, the first checkpoint that reads and verifies; the damaged newer ones are reported. */
  public synchronized Recovery latestValid() throws IOException {
    return recover(dir);
  }

  /**
   * {@link #latestValid()} of a folder without opening a store on it: reads only, and creates or
   * deletes nothing (a run deciding what to resume may not yet hold the folder's lock).
   */
  public static Recovery recover(Path dir) throws IOException {
    List<Path> all = list(dir);
    List<Damaged> skipped = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0; i--) {
      Path file = all.get(i);
      try {
        Checkpoint c = CheckpointFormat.read(file);
        return new Recovery(Optional.of(new Loaded(file, stepOf(file), c)), List.copyOf(skipped));
      } catch (CheckpointException e) {
        skipped.add(new Damaged(file, e.reason() + "; " + e.hint())); // the message without the file, named beside
      }
    }
    return new Recovery(Optional.empty(), List.copyOf(skipped));
  }

  /** The step checkpoints, oldest first (best.agc and temporaries excluded). */
  public synchronized List<Path> all() throws IOException {
    return list(dir);
  }

  /**
   * Whether {@code dir} holds any file of a store: a step checkpoint or best.agc (none when it does
   * not exist).
   */
  public static boolean holdsCheckpoints(Path dir) throws IOException {
    return Files.isDirectory(dir) && (!list(dir).isEmpty() || Files.exists(dir.resolve(BEST)));
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
    }
  }

  /** The global step a checkpoint's name carries. */
  public static long stepOf(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a name like ckpt-0000000120.agc, found " + file.getFileName());
    }
    return Long.parseLong(m.group(1));
  }

  private OptionalDouble bestSoFar() {
    if (bestSoFar == null) {
      bestSoFar = OptionalDouble.empty();
      if (Files.exists(bestFile())) {
        try {
          Checkpoint best = CheckpointFormat.read(bestFile());
          if (best.header().get(VAL_ACCURACY) instanceof Number accuracy) {
            bestSoFar = OptionalDouble.of(accuracy.doubleValue());
          }
        } catch (CheckpointException damaged) {
          // A damaged best.agc is replaced by the next checkpoint that has a val_accuracy.
        }
      }
    }
    return bestSoFar;
  }

  private void prune(Path justWritten) throws IOException {
    List<Path> all = all();
    for (int i = 0; i < all.size() - keep; i++) {
      if (!all.get(i).equals(justWritten)) {
        Files.deleteIfExists(all.get(i));
      }
    }
  }
}
