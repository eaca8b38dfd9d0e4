package org.actorgrad.cluster;

import org.actorgrad.training.WireMessage;

/**
 * The coordinator's last word to each worker node, sent as the run ends and before the workers'
 * Finish: whether the run succeeded ({@code failure} empty) or failed, and why. A worker's Finish
 * is the same either way, so without this a worker of a failed run said "the coordinator finished
 * the run" and exited 0, and a supervisor (docker, systemd) took the failure for a success.
 *
 * @param failure the coordinator's one-line reason, or "" when the run completed
 */
public record RunEnded(String failure) implements WireMessage {
  public RunEnded {
    if (failure == null) {
      throw new IllegalArgumentException("expected a reason or \"\", found null");
    }
  }

  /** Whether the coordinator failed the run. */
  public boolean failed() {
    return !failure.isEmpty();
  }
}
