package org.actorgrad.cluster;

import com.typesafe.config.Config;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;

/** Starting a node's actor system, with a clear message when its address cannot be bound. */
final class Nodes {
  private Nodes() {}

  static <T> ActorSystem<T> start(Behavior<T> guardian, Config config, HostPort bind) {
    try {
      return ActorSystem.create(guardian, ClusterConfig.SYSTEM_NAME, config);
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      if (root instanceof java.net.BindException || String.valueOf(e.getMessage()).contains("bind")) {
        throw new IllegalArgumentException("cannot listen at " + bind + ": " + root.getMessage()
            + "; is another node using it? Choose another address with --bind HOST:PORT", e);
      }
      throw e;
    }
  }
}
