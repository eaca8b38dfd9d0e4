package org.actorgrad.checkpoint;

/**
 * A model or checkpoint file the user named that cannot be used: missing, damaged (a failed
 * {@link CheckpointFormat} check), not a run's, a header that does not validate, values that are
 * not finite, or written by another math revision. An {@link IllegalArgumentException}, so callers
 * of {@code Model.load} keep catching what they caught; the command line tells it apart: exit code
 * 1, a failure to read, rather than 2, a command line to change (README, "Exit codes").
 */
public final class UnusableFileException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** @param message one line that names the file, says what is wrong and, where there is one, the way out */
  public UnusableFileException(String message) {
    super(message);
  }

  public UnusableFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
