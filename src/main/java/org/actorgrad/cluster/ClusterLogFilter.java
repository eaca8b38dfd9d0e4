package org.actorgrad.cluster;

import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.event.DefaultLoggingFilter;
import org.apache.pekko.event.EventStream;

/**
 * Pekko's log filter on cluster nodes (config/cluster.conf, {@code pekko.logging-filter}): the
 * node's log level, and one class more at DEBUG, Pekko's TCP connection stage, whose debug line
 * on a closed connection is the only place Pekko says that a peer's TLS did not match ours
 * ({@link TlsMismatch}). Its few lines (one per closed connection) go to the event stream, where
 * the coordinator reads them; no logger prints them below {@code pekko.loglevel}, since loggers
 * subscribe by level.
 */
public final class ClusterLogFilter extends DefaultLoggingFilter {
  /** Called by Pekko with the system's settings and event stream. */
  public ClusterLogFilter(ActorSystem.Settings settings, EventStream eventStream) {
    super(settings, eventStream);
  }

  @Override
  public boolean isDebugEnabled(Class<?> logClass, String logSource) {
    return super.isDebugEnabled(logClass, logSource)
        || (logClass != null && TlsMismatch.LOG_CLASS.equals(logClass.getName()));
  }
}
