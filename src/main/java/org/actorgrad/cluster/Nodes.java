package org.actorgrad.cluster;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;

/**
 * Starting a node's actor system, with a clear message when its address cannot be bound, and
 * stopping it within a bounded time.
 */
final class Nodes {
  /**
   * How long a node may take to leave the cluster and stop. Leaving gracefully lets the others see
   * the node go at once; it takes a second or two. But Pekko 1.x's Artery waits without a deadline
   * for its outbound streams to complete when the system terminates, and a stream to a peer that
   * stopped reading (a frozen JVM: its socket stays open, the send buffer fills) never completes:
   * ClusterIT's coordinator and worker JVMs sometimes never exited after a worker was frozen with
   * kill -STOP (apache/pekko#3247, bounded by shutdown-streams-timeout in apache/pekko#3317, which
   * no 1.x release has). The run's work is done and saved by then, so the process exits anyway.
   */
  static final Duration STOP_LIMIT = Duration.ofSeconds(30);

  private Nodes() {}

  /**
   * Terminates {@code system} (its coordinated shutdown leaves the cluster) and waits until it has
   * stopped, or {@code limit} has passed: then says so in one line to {@code notes} and returns,
   * so that the process can exit; the system's threads are left to the JVM's exit.
   *
   * @return whether the system stopped within {@code limit}
   */
  static boolean stop(ActorSystem<?> system, Duration limit, Consumer<String> notes) {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      notes.accept("this node had not left the cluster after " + describe(limit)
          + " (another node may have stopped answering); exiting without waiting for it");
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return true; // terminated, with a failure of its own: stopped all the same
    }
  }

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

  /** "30 s", or "0.3 s" below a second. */
  private static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
  }
}
