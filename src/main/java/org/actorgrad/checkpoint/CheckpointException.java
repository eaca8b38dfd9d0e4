package org.actorgrad.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A checkpoint file that cannot be used: damaged, not a checkpoint, from a newer format, or not
 * readable. The message is one line for the user: the file, what is wrong, and what to do
 * ({@code <file>: <reason>; <hint>}).
 */
public final class CheckpointException extends Exception {
  private static final long serialVersionUID = 1L;

  /** For a damaged step checkpoint: the store can fall back to an older file, so say so. */
  static final String USE_OLDER = "use an older checkpoint from the same directory, or delete this one";
  /** A step checkpoint's name ({@link CheckpointStore}): ckpt-NNNNNNNNNN.agc. */
  private static final Pattern STEP_CHECKPOINT = Pattern.compile("ckpt-\\d{10}\\.agc");

  private final Path file;
  private final String reason;
  private final String hint;

  public CheckpointException(Path file, String reason, String hint) {
    this(file, reason, hint, null);
  }

  public CheckpointException(Path file, String reason, String hint, Throwable cause) {
    super(file + ": " + reason + "; " + hint, cause);
    this.file = file;
    this.reason = reason;
    this.hint = hint;
  }

  public Path file() {
    return file;
  }

  /** What is wrong, without the file name or the hint. */
  public String reason() {
    return reason;
  }

  /** What the user can do about it. */
  public String hint() {
    return hint;
  }

  /**
   * What to do about a damaged file, by the role its path tells. A step checkpoint
   * ({@code ckpt-N.agc}, {@code best.agc}, or any file of a {@code checkpoints} folder) has older
   * siblings to fall back on. Any other file is taken for a model file, which a run writes once,
   * at its end: resuming the run writes it again from its final checkpoint ({@code RunEnd} in the
   * command line replaces a damaged model), so the hint names {@code trainer --resume} with the
   * run folder when the file lies in one (beside a {@code checkpoints} folder).
   */
  static String damageHint(Path file) {
    Path name = file.getFileName();
    Path parent = file.getParent();
    boolean checkpoint = name != null && (STEP_CHECKPOINT.matcher(name.toString()).matches()
        || name.toString().equals(CheckpointStore.BEST))
        || parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("checkpoints");
    if (checkpoint) {
      return USE_OLDER;
    }
    Path folder = parent == null ? Path.of("") : parent;
    if (Files.isDirectory(folder.resolve("checkpoints"))) {
      return "a model file is written at its run's end: write it again from the run's final checkpoint with"
          + " trainer --resume " + (parent == null ? "." : parent) + ", or train again";
    }
    return "a model file is written at its run's end: copy it again from where it came, or write it again from"
        + " its run's final checkpoint with trainer --resume RUN-FOLDER";
  }
}
