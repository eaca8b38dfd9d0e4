package org.actorgrad.data;

/**
 * A data set could not be read, found or downloaded. The message is one line that names the file
 * or folder, says what was expected and, where there is one, how to fix it; the CLI prints it as
 * is, without a stack trace, because the cause is the user's files or network, not a bug.
 */
public final class DataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
