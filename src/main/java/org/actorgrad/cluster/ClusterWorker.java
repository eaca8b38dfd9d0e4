package org.actorgrad.cluster;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.JoinSeedNodes;

/**
 * A worker process: it starts a node, joins the coordinator (retrying until the join timeout),
 * serves until the run ends, and starts a fresh node to rejoin when the coordinator is lost (a
 * Pekko node that left a cluster cannot join again; a new one can, and a restarted coordinator
 * forms a new cluster).
 */
public final class ClusterWorker {
  /** How often the user is told that the worker is still waiting. */
  private static final Duration WAITING_NOTE = Duration.ofSeconds(10);
  /** After this long without being let in while the coordinator's port answers, find out why. */
  private static final Duration PROBE_AFTER = Duration.ofSeconds(4);

  /** How a worker process ends. */
  public enum Result {
    /** The coordinator finished the run. */
    FINISHED,
    /** The coordinator failed the run (its reason was printed). */
    RUN_FAILED,
    /** A stop signal on the coordinator ended the run, resumable there (the line was printed). */
    RUN_STOPPED,
    /** No coordinator to join within the join timeout. */
    NO_COORDINATOR,
    /** The coordinator and this worker cannot work together (TLS on one end only); the reason was noted. */
    MISMATCH,
    /** A worker actor failed (a bug or a broken message). */
    FAILED,
    /** This process was asked to stop ({@link Settings#stop}); its node left the cluster. */
    STOPPED
  }

  /**
   * @param bind this node's address (port 0: a free port)
   * @param coordinator the coordinator's address
   * @param workers worker actors in this JVM, one compute thread each
   * @param joinTimeout how long to wait for a coordinator, at start and after losing one
   * @param overrides Pekko settings over config/cluster.conf (tests)
   * @param stop completed (with the reason, "SIGTERM") when the process is asked to stop: the node
   *     leaves the cluster and {@link #run} returns {@link Result#STOPPED}
   */
  public record Settings(HostPort bind, HostPort coordinator, int workers, Duration joinTimeout,
      Consumer<String> notes, Config overrides, CompletableFuture<String> stop) {
    /** A worker that runs until its coordinator ends the run (nothing asks it to stop). */
    public Settings(HostPort bind, HostPort coordinator, int workers, Duration joinTimeout,
        Consumer<String> notes, Config overrides) {
      this(bind, coordinator, workers, joinTimeout, notes, overrides, new CompletableFuture<>());
    }

    public Settings {
      if (workers < 1) {
        throw new IllegalArgumentException("expected at least 1 worker thread, found " + workers);
      }
      if (joinTimeout.isNegative() || joinTimeout.isZero()) {
        throw new IllegalArgumentException("expected a positive --join-timeout, found " + joinTimeout);
      }
      if (coordinator.port() == 0) {
        throw new IllegalArgumentException("expected the coordinator's port in --join HOST:PORT, found port 0");
      }
    }
  }

  private ClusterWorker() {}

  /** Runs until the run ends or no coordinator comes; blocks the calling thread. */
  public static Result run(Settings s) {
    Config config = ClusterConfig.node(ClusterConfig.WORKER_ROLE, s.bind(), s.workers(), s.overrides());
    // Every spelling of the coordinator's address: Artery ignores a join addressed to another
    // spelling than the one the coordinator was started with (localhost vs 127.0.0.1).
    List<Address> seeds = JoinAddresses.spellings(s.coordinator().host()).stream()
        .map(host -> new Address("pekko", ClusterConfig.SYSTEM_NAME, host, s.coordinator().port()))
        .toList();
    // Waiting starts now, and again whenever a coordinator is lost; a node that ends before it
    // was ever up (refused by the coordinator, say) keeps the clock running.
    long waitingSince = System.nanoTime();
    boolean lingering = false; // the last node did not stop in time (Nodes.stop) and may hold its port
    while (true) {
      if (s.stop().isDone()) {
        return Result.STOPPED;
      }
      if (lingering && s.bind().port() != 0) {
        s.notes().accept("cannot start a new node at " + s.bind() + " while the old one may still hold that port; "
            + "exiting, so that a supervisor (docker, systemd) starts this worker again");
        return Result.FAILED;
      }
      CompletableFuture<WorkerNode.Outcome> outcome = new CompletableFuture<>();
      ActorSystem<WorkerNode.Event> system =
          Nodes.start(WorkerNode.create(s.workers(), outcome, s.notes()), config, s.bind());
      // A stop ends this node as an outcome of its own: the finally below leaves the cluster.
      s.stop().thenRun(() -> outcome.complete(WorkerNode.Outcome.STOPPED));
      try {
        Cluster cluster = Cluster.get(system);
        // A node that is downed terminates its system: then the coordinator is gone, or we were
        // cut off from it; either way this node is over and a new one will try to rejoin.
        system.getWhenTerminated().thenRun(() -> outcome.complete(WorkerNode.Outcome.COORDINATOR_LOST));
        s.notes().accept(String.format(Locale.ROOT, "worker node at %s joining the coordinator at %s",
            WorkerNode.hostPort(cluster.selfMember().address()), s.coordinator()));
        cluster.manager().tell(new JoinSeedNodes(seeds));
        Joined joined = awaitUp(cluster, outcome, s, waitingSince, seeds, config.getBoolean("actorgrad.cluster.tls.enabled"),
            JoinProbe.arteryHeader(config));
        if (joined == Joined.MISMATCH) {
          return Result.MISMATCH;
        }
        if (joined == Joined.TIMED_OUT) {
          s.notes().accept(String.format(Locale.ROOT, "no coordinator at %s after %s; is `trainer coordinator` "
              + "running there, and is that address reachable from this host?", s.coordinator(), describe(s.joinTimeout())));
          return Result.NO_COORDINATOR;
        }
        WorkerNode.Outcome how = outcome.get();
        if (joined == Joined.UP) {
          reportTraffic(system, s.notes());
        }
        if (how == WorkerNode.Outcome.FINISHED) {
          return Result.FINISHED;
        }
        if (how == WorkerNode.Outcome.RUN_FAILED) {
          return Result.RUN_FAILED;
        }
        if (how == WorkerNode.Outcome.RUN_STOPPED) {
          return Result.RUN_STOPPED;
        }
        if (how == WorkerNode.Outcome.FAILED) {
          return Result.FAILED;
        }
        if (how == WorkerNode.Outcome.STOPPED) {
          return Result.STOPPED;
        }
        if (joined == Joined.UP) {
          waitingSince = System.nanoTime();
          s.notes().accept("lost the coordinator at " + s.coordinator() + "; waiting for it to come back");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Result.FAILED;
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      } finally {
        lingering = !Nodes.stop(system, Nodes.STOP_LIMIT, s.notes());
      }
    }
  }

  private enum Joined { UP, ENDED_BEFORE_UP, TIMED_OUT, MISMATCH }

  /**
   * Waits until this node is up in the coordinator's cluster, it ends, or the join timeout passes.
   * After {@link #PROBE_AFTER} without being let in, it looks at the coordinator's port: TLS
   * on one end only cannot work and ends the wait at once; a port that answers in kind but does not
   * let us in is said in one line (an address spelled unlike the coordinator's own, say).
   */
  private static Joined awaitUp(Cluster cluster, CompletableFuture<WorkerNode.Outcome> outcome,
      Settings s, long waitingSince, List<Address> seeds, boolean tls, byte[] arteryHeader) throws InterruptedException, ExecutionException {
    long deadline = waitingSince + s.joinTimeout().toNanos();
    long nextNote = System.nanoTime() + WAITING_NOTE.toNanos();
    long probeAt = System.nanoTime() + PROBE_AFTER.toNanos();
    boolean probed = false;
    boolean answers = false; // the port answers in kind, yet we are not let in: said once, in the next note
    while (cluster.selfMember().status() != MemberStatus.up()) {
      long now = System.nanoTime();
      if (now >= deadline) {
        return Joined.TIMED_OUT;
      }
      if (!probed && now >= probeAt) {
        JoinProbe.Finding found = JoinProbe.probe(s.coordinator(), tls, arteryHeader);
        if (cluster.selfMember().status() == MemberStatus.up()) {
          break; // let in while we looked
        }
        Optional<String> mismatch = JoinProbe.tlsMismatch(s.coordinator(), tls, found);
        if (mismatch.isPresent()) {
          s.notes().accept(mismatch.get());
          return Joined.MISMATCH;
        }
        // The ends agree on TLS, or nothing listens yet. Only a worker with TLS that found TLS is
        // sure: a TLS coordinator too busy to close on Artery's plain header within the probe's
        // wait looks plain to a worker without TLS, so that one looks again later.
        probed = tls && found == JoinProbe.Finding.TLS;
        answers = found != JoinProbe.Finding.NOTHING_LISTENS;
        probeAt = now + PROBE_AFTER.toNanos();
      }
      if (now >= nextNote) {
        String waited = describe(Duration.ofNanos(now - waitingSince));
        s.notes().accept(answers
            ? JoinProbe.notAdmitted(s.coordinator(), seeds.stream().map(a -> a.host().get()).toList(), waited)
            : String.format(Locale.ROOT, "still waiting for the coordinator at %s (%s of %s)",
                s.coordinator(), waited, describe(s.joinTimeout())));
        answers = false;
        nextNote += WAITING_NOTE.toNanos();
      }
      try {
        outcome.get(200, TimeUnit.MILLISECONDS);
        return Joined.ENDED_BEFORE_UP;
      } catch (TimeoutException e) {
        // not yet
      }
    }
    return Joined.UP;
  }

  private static void reportTraffic(ActorSystem<?> system, Consumer<String> notes) {
    KryoSerializer.of(system).ifPresent(kryo -> {
      WireTraffic t = kryo.traffic();
      notes.accept(String.format(Locale.ROOT, "wire: sent %,d bytes of gradients, received %,d bytes of "
          + "weights and positions and %,d bytes of partitions", t.sentBytes("Gradient"),
          t.receivedBytes("Compute"), t.receivedBytes("TakePartition")));
    });
  }

  private static String describe(Duration d) {
    long s = d.toSeconds();
    return s >= 60 && s % 60 == 0 ? (s / 60) + " min" : s + " s";
  }
}
