package org.actorgrad.kernel;

/**
 * A layer or sample whose size does not fit one Java array per sample: its fix is a smaller layer,
 * not another kernel or window, so the spec's error names that (see {@code NetworkSpec}).
 */
public final class TooLargeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public TooLargeException(String message) {
    super(message);
  }
}
