package org.actorgrad.kernel;

/**
 * A layer or sample whose size does not fit one Java array per sample. It carries its own advice
 * (fewer filters, a smaller kernel...), which the layer spec's error gives instead of the advice for
 * a kernel or window larger than its input (see {@code NetworkSpec}).
 */
public final class TooLargeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String advice;

  /**
   * @param message what does not fit, with its sizes
   * @param advice what makes it fit, e.g. "use fewer filters or units" (no parentheses, no full stop)
   */
  public TooLargeException(String message, String advice) {
    super(message);
    this.advice = advice;
  }

  /** What makes it fit, e.g. "use fewer filters or units". */
  public String advice() {
    return advice;
  }
}
