package org.actorgrad.training;

/** A run that cannot go on: no workers left, a diverged loss. The message is for the user. */
public final class TrainingException extends RuntimeException {
  public TrainingException(String message) {
    super(message);
  }
}
