package org.actorgrad.cluster;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.actorgrad.training.Coordinator;
import org.actorgrad.training.LocalTraining;
import org.actorgrad.training.Protocol.CoordinatorCommand;
import org.actorgrad.training.Protocol.Finish;
import org.actorgrad.training.Protocol.TakePartition;
import org.actorgrad.training.RunObserver;
import org.actorgrad.training.RunTap;
import org.actorgrad.training.TrainingConfig;
import org.actorgrad.training.TrainingException;
import org.actorgrad.training.TrainingListener;
import org.actorgrad.training.TrainingPlan;
import org.actorgrad.training.TrainingResult;
import org.actorgrad.training.TrainingRun;
import org.actorgrad.training.Worker;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * Trains with workers in other JVMs: this JVM becomes the first node of a Pekko cluster, runs the
 * coordinator (and optionally local workers), and takes every worker that joins the cluster.
 * The math is the local trainer's: same partitions, same order, same weights.
 */
public final class ClusterTraining {
  /** How long the coordinator gives its workers to leave the cluster after the run's Finish. */
  private static final Duration WORKERS_LEAVE = Duration.ofSeconds(10);
  /** How long a node may take to join through another spelling of our address before it is reported. */
  private static final Duration MISMATCH_GRACE = Duration.ofSeconds(5);
  /** How often a coordinator waiting for --min-workers says how many are here. */
  private static final Duration WAITING_NOTE = Duration.ofSeconds(5);

  /**
   * @param bind the address workers join
   * @param remoteWorkers workers of other nodes to wait for before the first step
   * @param localWorkers worker actors in this JVM, sharing the partitions with the remote ones
   * @param notes where lines for the user go (the address to join, arrivals, wire traffic)
   * @param overrides Pekko settings over config/cluster.conf (tests)
   * @param waitLimit how long to wait for the remote workers before the first step (--wait); empty: for ever
   */
  public record Settings(HostPort bind, int remoteWorkers, int localWorkers, Consumer<String> notes,
      Config overrides, Optional<Duration> waitLimit) {
    public Settings {
      if (remoteWorkers < 0 || localWorkers < 0 || remoteWorkers + localWorkers < 1) {
        throw new IllegalArgumentException("expected at least one worker, remote (--min-workers) or local "
            + "(--workers), found " + remoteWorkers + " remote and " + localWorkers + " local");
      }
      if (waitLimit.isPresent() && (waitLimit.get().isNegative() || waitLimit.get().isZero())) {
        throw new IllegalArgumentException("expected a positive --wait, found " + waitLimit.get());
      }
    }

    /** Waits for the remote workers for ever. */
    public Settings(HostPort bind, int remoteWorkers, int localWorkers, Consumer<String> notes, Config overrides) {
      this(bind, remoteWorkers, localWorkers, notes, overrides, Optional.empty());
    }
  }

  private ClusterTraining() {}

  /** Blocks until the run ends; a failed run throws {@link TrainingException}. */
  public static TrainingResult run(TrainingRun run, TrainingListener listener, RunObserver observer, Settings s) {
    return run(run, listener, observer, s, RunTap.NONE);
  }

  /** As above, with the coordinator and the workers' actors in this JVM wrapped by {@code tap} (the live page). */
  public static TrainingResult run(TrainingRun run, TrainingListener listener, RunObserver observer, Settings s,
      RunTap tap) {
    TrainingConfig c = run.plan().config();
    Config config = ClusterConfig.node(ClusterConfig.COORDINATOR_ROLE, s.bind(), c.threads(), s.overrides(),
        largestMessage(run.plan()));
    checkMessageSizes(run.plan(), ClusterConfig.maxFrame(config));
    CompletableFuture<TrainingResult> done = new CompletableFuture<>();
    StopTracking observed = new StopTracking(observer);
    Coordinator.Settings settings = new Coordinator.Settings(
        s.localWorkers(), s.localWorkers() + s.remoteWorkers(), () -> tap.worker(Worker.create()),
        DispatcherSelector.fromConfig(LocalTraining.COMPUTE_DISPATCHER), c.stepTimeout(), observed);
    Optional<DataLinkServer> links = ClusterConfig.dataLinks(config)
        ? Optional.of(DataLinkServer.open(ClusterConfig.bindHost(config, s.bind()),
            config.getInt("actorgrad.cluster.data-link.port"),
            config.getDuration("actorgrad.cluster.data-link.write-timeout"), s.notes()))
        : Optional.empty();
    ActorSystem<Void> system;
    try {
      system = Nodes.start(guardian(run, settings, listener, done, s, links, config, tap), config, s.bind());
    } catch (RuntimeException e) {
      links.ifPresent(DataLinkServer::close);
      throw e;
    }
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    String address = WorkerNode.hostPort(cluster.selfMember().address());
    s.notes().accept(String.format(Locale.ROOT,
        "coordinator at %s: waiting for %d worker(s); start them with: trainer worker --join %s",
        address, s.remoteWorkers(), address));
    system.getWhenTerminated().thenRun(() -> done.completeExceptionally(
        new TrainingException("the coordinator's actor system stopped unexpectedly; run with --verbose for details")));
    long firstStep = run.globalStep();
    String failure = "the coordinator stopped before the run ended";
    try {
      TrainingResult result = TrainingResult.await(done);
      failure = "";
      reportTraffic(system, run.globalStep() - firstStep, s.notes());
      return result;
    } catch (RuntimeException e) {
      failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw e;
    } finally {
      finishWorkers(system, failure, observed.stopped());
      Nodes.stop(system, Nodes.STOP_LIMIT, s.notes());
      links.ifPresent(DataLinkServer::close);
    }
  }

  private static Behavior<Void> guardian(TrainingRun run, Coordinator.Settings settings,
      TrainingListener listener, CompletableFuture<TrainingResult> done, Settings s,
      Optional<DataLinkServer> server, Config config, RunTap tap) {
    StartSignal signal = new StartSignal(listener);
    return Behaviors.setup(context -> {
      Optional<KryoSerializer> kryo = KryoSerializer.of(context.getSystem());
      // Gradients are decoded into the node's pool: the run gives them back there once summed.
      kryo.ifPresent(k -> run.giveGradientsBackTo(k.arrays()));
      ActorRef<CoordinatorCommand> coordinator =
          // On the step thread, with its data links (config/cluster.conf, step-dispatcher).
          context.spawn(tap.coordinator(Coordinator.create(run, settings, signal, done)), "coordinator",
              DispatcherSelector.fromConfig(ClusterConfig.STEP_DISPATCHER));
      context.watch(coordinator);
      Optional<WorkerLink.Settings> links = server.filter(x -> kryo.isPresent()).map(x -> new WorkerLink.Settings(
          x, s.bind().host(), config.getDuration("actorgrad.cluster.data-link.connect-timeout"), kryo.get(),
          ClusterConfig.maxFrame(config), SharedMemory.Settings.of(config), s.notes()));
      context.spawn(JoinMismatches.create(s.notes(), MISMATCH_GRACE, config.getBoolean("actorgrad.cluster.tls.enabled")),
          "join-mismatches");
      context.spawn(WorkerDiscovery.create(coordinator, s.remoteWorkers(), s.notes(), links, tap, WAITING_NOTE,
          s.waitLimit(), why -> done.completeExceptionally(new TrainingException(why)), signal.started()),
          "discovery");
      return Behaviors.receive(Void.class)
          .onSignal(ChildFailed.class, f -> {
            done.completeExceptionally(new TrainingException("the coordinator failed: " + f.getCause()));
            return Behaviors.same();
          })
          .onSignal(Terminated.class, t -> Behaviors.same()) // it stopped after completing `done`
          .build();
    });
  }

  /**
   * A partition's samples travel in one message; one larger than Artery's frame would be dropped
   * on the way and the run would stall at the step timeout. Refuse it up front instead.
   */
  static void checkMessageSizes(TrainingPlan plan, long maxFrame) {
    long compute = computeBytes(plan);
    if (compute > maxFrame) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "the network's %,d parameters and a step's %,d sample positions take %,d bytes, more than a"
              + " message may carry (%,d bytes, pekko.remote.artery.advanced.maximum-large-frame-size in"
              + " config/cluster.conf): use a smaller network or batch, or raise that limit on every node",
          plan.network().parameterCount(), plan.config().batchSize(), compute, maxFrame));
    }
    for (int p = 0; p < plan.partitions(); p++) {
      long bytes = shipmentBytes(plan, p);
      if (bytes > maxFrame) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "partition %d holds %,d bytes of samples, more than a message may carry (%,d bytes, "
                + "pekko.remote.artery.advanced.maximum-large-frame-size in config/cluster.conf); "
                + "use more --partitions", p, bytes, maxFrame));
      }
    }
  }

  /** The largest message the coordinator sends in this run, in bytes: a step's or a partition's. */
  static long largestMessage(TrainingPlan plan) {
    long largest = computeBytes(plan);
    for (int p = 0; p < plan.partitions(); p++) {
      largest = Math.max(largest, shipmentBytes(plan, p));
    }
    return largest;
  }

  private static final long HEADROOM = 64 * 1024; // Artery's envelope, actor paths, length prefixes

  // A step's Compute carries the weights and the sample positions of the worker's partitions; a
  // worker left alone holds every partition, so the whole batch (4 bytes a position, and a
  // partition number and row length per partition). Checking the weights alone let a Compute
  // over the frame through: Artery dropped it mid-run and the run failed at the step timeout.
  private static long computeBytes(TrainingPlan plan) {
    long positions = 4L * plan.config().batchSize() + 10L * plan.partitions();
    return 4L * plan.network().parameterCount() + positions + HEADROOM;
  }

  private static long shipmentBytes(TrainingPlan plan, int p) {
    TakePartition t = plan.shipment(p);
    return (long) t.pixels().length + t.labels().length + 4L * t.sampleIds().length + HEADROOM;
  }

  /**
   * Tells every worker node how the run ended ({@code failure}: why it failed or stopped, "" when
   * it completed; {@code stopped}: a stop signal ended it, resumable), sends Finish to every worker the receptionist knows (also those the coordinator
   * gave up on after a timeout, which it no longer counts as its own), then waits until the
   * workers' nodes are leaving, so that none of them mistakes the coordinator's exit for a crash.
   */
  private static void finishWorkers(ActorSystem<Void> system, String failure, boolean stopped) {
    try {
      // One line, and small enough for an ordinary Artery frame.
      RunEnded ended = new RunEnded(failure.length() > 2000 ? failure.substring(0, 2000) + "..." : failure,
          stopped && !failure.isEmpty());
      find(system, WorkerNode.NODES).forEach(node -> node.tell(ended));
      find(system, WorkerNode.SERVICE).forEach(w -> w.tell(Finish.INSTANCE));
      long deadline = System.nanoTime() + WORKERS_LEAVE.toNanos();
      while (System.nanoTime() < deadline && workersInCluster(system)) {
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // No listing: nothing more to tell; the workers notice the coordinator leaving.
    }
  }

  private static <T> java.util.Set<ActorRef<T>> find(ActorSystem<Void> system, ServiceKey<T> key)
      throws InterruptedException, ExecutionException {
    return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(system.receptionist(),
            replyTo -> Receptionist.find(key, replyTo), Duration.ofSeconds(3), system.scheduler())
        .toCompletableFuture().get().getServiceInstances(key);
  }

  /** Whether a worker node is still a full member, not yet leaving after its Finish. */
  private static boolean workersInCluster(ActorSystem<Void> system) {
    for (Member m : Cluster.get(system).state().getMembers()) {
      if (m.getRoles().contains(ClusterConfig.WORKER_ROLE)
          && (m.status() == MemberStatus.up() || m.status() == MemberStatus.weaklyUp()
              || m.status() == MemberStatus.joining())) {
        return true;
      }
    }
    return false;
  }

  private static void reportTraffic(ActorSystem<Void> system, long steps, Consumer<String> notes) {
    if (steps == 0 || KryoSerializer.of(system).isEmpty()) {
      return;
    }
    WireTraffic t = KryoSerializer.of(system).get().traffic();
    long out = t.sentBytes("Compute");
    long in = t.receivedBytes("Gradient");
    notes.accept(String.format(Locale.ROOT,
        "wire: %,d steps; per step %,.0f bytes of weights and positions out, %,.0f bytes of gradients in; "
            + "%,d bytes of partitions shipped", steps, (double) out / steps, (double) in / steps,
        t.sentBytes("TakePartition")));
  }
}
