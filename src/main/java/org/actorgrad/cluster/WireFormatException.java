package org.actorgrad.cluster;

/**
 * Bytes from the network that are not a message this build sends, or a message that cannot be
 * written. The message says what was expected and what was found; bytes that arrive here are
 * never trusted, so nothing they describe is allocated or instantiated before it is checked.
 */
public final class WireFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WireFormatException(String message) {
    super(message);
  }

  public WireFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
