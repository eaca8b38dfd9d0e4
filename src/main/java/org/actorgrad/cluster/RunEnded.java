package org.actorgrad.cluster;

import org.actorgrad.training.WireMessage;

/**
 * The coordinator's last word to each worker node, sent as the run ends and before the workers'
 * Finish: whether the run succeeded ({@code failure} empty), failed, or was stopped by a signal on
 * the coordinator (its step checkpointed: the run goes on with {@code --resume} there), and why. A
 * worker's Finish is the same either way, so without this a worker of a failed run said "the
 * coordinator finished the run" and exited 0, and a supervisor (docker, systemd) took the failure
 * for a success; and a worker of a stopped run said "failed" and exited 1.
 *
 * @param failure the coordinator's one-line reason ("stopped by SIGTERM after step 18" for a stop),
 *     or "" when the run completed
 * @param stopped whether a stop signal on the coordinator ended the run (then {@code failure} is not empty)
 */
public record RunEnded(String failure, boolean stopped) implements WireMessage {
  public RunEnded {
    if (failure == null) {
      throw new IllegalArgumentException("expected a reason or \"\", found null");
    }
    if (stopped && failure.isEmpty()) {
      throw new IllegalArgumentException("expected the stop's line for a stopped run, found \"\"");
    }
  }

  /** A run that completed ({@code failure} "") or failed. */
  public RunEnded(String failure) {
    this(failure, false);
  }

  /** Whether the coordinator failed the run (a stop is not a failure). */
  public boolean failed() {
    return !failure.isEmpty() && !stopped;
  }
}
