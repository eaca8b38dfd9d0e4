package org.actorgrad.checkpoint;

import java.nio.file.Path;

/**
 * A checkpoint file that cannot be used: damaged, not a checkpoint, from a newer format, or not
 * readable. The message is one line for the user: the file, what is wrong, and what to do
 * ({@code <file>: <reason>; <hint>}).
 */
public final class CheckpointException extends Exception {
  private static final long serialVersionUID = 1L;

  /** For damage: the store can fall back to an older file, so say so. */
  static final String USE_OLDER = "use an older checkpoint from the same directory, or delete this one";

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
}
