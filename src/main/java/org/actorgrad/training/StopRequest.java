package org.actorgrad.training;

/**
 * A request to stop a run at the next step boundary (SIGTERM or Ctrl-C on the process): the
 * {@link RunCheckpointer} sees it after the step in flight is applied, writes that step's
 * checkpoint and ends the run. Set from a signal's thread, read on the coordinator's.
 */
public final class StopRequest {
  private volatile String reason;

  /** Asks the run to stop after its current step; {@code reason} says why ("SIGTERM"). The first reason stays. */
  public synchronized void request(String reason) {
    if (this.reason == null) {
      this.reason = reason;
    }
  }

  public boolean requested() {
    return reason != null;
  }

  /** Why the run was asked to stop, or null. */
  public String reason() {
    return reason;
  }
}
