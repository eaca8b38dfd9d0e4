package org.actorgrad.cluster;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.actorgrad.training.LocalTraining;
import org.actorgrad.training.Protocol.WorkerCommand;
import org.actorgrad.training.Worker;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The guardian of a worker node: it runs {@code workers} worker actors (each ready for a data
 * link to the coordinator, see {@link LinkedWorker}), offers them to the coordinator through the
 * receptionist, and decides how this node's life ends. All workers stopped by the coordinator's
 * Finish: the run is over, succeeded, failed or stopped as the coordinator's {@link RunEnded} says. The
 * coordinator gone (removed from the cluster, or this node downed
 * after losing it): wait for it to come back.
 */
public final class WorkerNode extends AbstractBehavior<WorkerNode.Event> {
  /** How coordinators find the workers of other nodes. */
  public static final ServiceKey<WorkerCommand> SERVICE =
      ServiceKey.create(WorkerCommand.class, "actorgrad-worker");
  /** How a coordinator tells each worker node how the run ended ({@link RunEnded}). */
  public static final ServiceKey<RunEnded> NODES = ServiceKey.create(RunEnded.class, "actorgrad-worker-node");
  /**
   * How long a node whose workers were all finished waits for the coordinator's {@link RunEnded}
   * (it comes by another path than the Finish, and may come second).
   */
  private static final Duration RUN_ENDED_WAIT = Duration.ofSeconds(10);

  /** How a node's life ended. */
  public enum Outcome {
    /** The coordinator finished the run: exit 0. */
    FINISHED,
    /** The coordinator failed the run: exit non-zero, so that a supervisor sees it. */
    RUN_FAILED,
    /** A stop signal on the coordinator ended the run after checkpointing its step: a stop, not a failure. */
    RUN_STOPPED,
    /** The coordinator left or was lost: a new node should wait for it to come back. */
    COORDINATOR_LOST,
    /** A worker failed: a bug or a broken message, not something waiting will mend. */
    FAILED,
    /** This process was asked to stop (SIGTERM, Ctrl-C): the node leaves the cluster, the process exits. */
    STOPPED
  }

  /** What the node reacts to: cluster membership, through adapters. */
  public sealed interface Event {}

  private record Up() implements Event {}

  private record Removed(Member member) implements Event {}

  private record Unreachable(Member member) implements Event {}

  private record Reachable(Member member) implements Event {}

  private record Ended(RunEnded how) implements Event {}

  private enum NoWordOfTheEnd implements Event { INSTANCE }

  private final int workers;
  private final CompletableFuture<Outcome> outcome;
  private final Consumer<String> notes;
  private final TimerScheduler<Event> timers;
  private int finished;
  private RunEnded runEnded; // the coordinator's word on how the run ended, once it came

  /**
   * @param outcome completed when the node's life ends (the caller then terminates the system)
   * @param notes where lines for the user go
   */
  public static Behavior<Event> create(int workers, CompletableFuture<Outcome> outcome, Consumer<String> notes) {
    if (workers < 1) {
      throw new IllegalArgumentException("expected at least 1 worker, found " + workers);
    }
    return Behaviors.setup(context -> Behaviors.withTimers(
        timers -> new WorkerNode(context, timers, workers, outcome, notes)));
  }

  private WorkerNode(ActorContext<Event> context, TimerScheduler<Event> timers, int workers,
      CompletableFuture<Outcome> outcome, Consumer<String> notes) {
    super(context);
    this.timers = timers;
    this.workers = workers;
    this.outcome = outcome;
    this.notes = notes;
    DispatcherSelector compute = DispatcherSelector.fromConfig(LocalTraining.COMPUTE_DISPATCHER);
    var config = context.getSystem().settings().config();
    // Without Kryo on the wire (a test's configuration), or with data links off on this node, a
    // worker ignores the coordinator's invitation, which then serves it through Artery.
    Optional<KryoSerializer> kryo = KryoSerializer.of(context.getSystem()).filter(k -> ClusterConfig.dataLinks(config));
    long maxFrame = ClusterConfig.maxFrame(config);
    SharedMemory.Settings sharedMemory = SharedMemory.Settings.of(config);
    for (int i = 0; i < workers; i++) {
      ActorRef<WorkerCommand> worker = kryo.isPresent()
          ? context.spawn(LinkedWorker.create(kryo.get(), maxFrame, sharedMemory, notes), "worker-" + i)
          : context.spawn(Worker.create(), "worker-" + i, compute);
      context.watch(worker);
      context.getSystem().receptionist().tell(Receptionist.register(SERVICE, worker));
    }
    context.getSystem().receptionist().tell(Receptionist.register(NODES, context.messageAdapter(RunEnded.class, Ended::new)));
    var subscriptions = Cluster.get(context.getSystem()).subscriptions();
    subscriptions.tell(Subscribe.create(context.messageAdapter(SelfUp.class, e -> new Up()), SelfUp.class));
    subscriptions.tell(Subscribe.create(context.messageAdapter(
        ClusterEvent.MemberRemoved.class, e -> new Removed(e.member())), ClusterEvent.MemberRemoved.class));
    subscriptions.tell(Subscribe.create(context.messageAdapter(
        ClusterEvent.UnreachableMember.class, e -> new Unreachable(e.member())), ClusterEvent.UnreachableMember.class));
    subscriptions.tell(Subscribe.create(context.messageAdapter(
        ClusterEvent.ReachableMember.class, e -> new Reachable(e.member())), ClusterEvent.ReachableMember.class));
  }

  @Override
  public Receive<Event> createReceive() {
    return newReceiveBuilder()
        .onMessage(Up.class, u -> {
          notes.accept("joined the cluster: " + workers + " worker(s) ready for the coordinator");
          return this;
        })
        .onMessage(Unreachable.class, u -> {
          if (isCoordinator(u.member())) {
            notes.accept("the coordinator at " + hostPort(u.member().address()) + " is unreachable");
          }
          return this;
        })
        .onMessage(Reachable.class, r -> {
          if (isCoordinator(r.member())) {
            notes.accept("the coordinator at " + hostPort(r.member().address()) + " is reachable again");
          }
          return this;
        })
        .onMessage(Removed.class, this::onRemoved)
        .onMessage(Ended.class, e -> {
          runEnded = e.how();
          return finished == workers ? endOfRun() : this;
        })
        .onMessageEquals(NoWordOfTheEnd.INSTANCE, this::endOfRun)
        .onSignal(ChildFailed.class, f -> end(Outcome.FAILED,
            "worker " + f.getRef().path().name() + " failed: " + f.getCause()))
        .onSignal(Terminated.class, t -> {
          if (++finished < workers) {
            return this;
          }
          if (runEnded == null) {
            timers.startSingleTimer(NoWordOfTheEnd.INSTANCE, RUN_ENDED_WAIT);
            return this;
          }
          return endOfRun();
        })
        .build();
  }

  private Behavior<Event> onRemoved(Removed r) {
    if (!isCoordinator(r.member())) {
      return this;
    }
    if (finished == workers) {
      return endOfRun(); // it finished our workers, then left: the run is over, whatever it said
    }
    return end(Outcome.COORDINATOR_LOST,
        "the coordinator at " + hostPort(r.member().address()) + " left the cluster");
  }

  /** Every worker was finished by the coordinator: the run is over, as the coordinator said. */
  private Behavior<Event> endOfRun() {
    if (runEnded == null) {
      return end(Outcome.FINISHED, "the coordinator ended the run without saying how (an older version?)");
    }
    if (runEnded.stopped()) {
      return end(Outcome.RUN_STOPPED, "the coordinator was " + runEnded.failure() + ", with that step's checkpoint:"
          + " continue the run with --resume on the coordinator, then start this worker again");
    }
    return runEnded.failed()
        ? end(Outcome.RUN_FAILED, "the coordinator failed the run: " + runEnded.failure())
        : end(Outcome.FINISHED, "the coordinator finished the run");
  }

  /**
   * Reports how the node ends, and stays: the caller then terminates the system, whose
   * coordinated shutdown leaves the cluster gracefully (stopping the guardian here would tear
   * the node down before the coordinator saw it leave, and it would wait for it as unreachable).
   */
  private Behavior<Event> end(Outcome how, String why) {
    if (outcome.complete(how)) {
      notes.accept(why);
    }
    return this;
  }

  private static boolean isCoordinator(Member member) {
    return member.getRoles().contains(ClusterConfig.COORDINATOR_ROLE);
  }

  static String hostPort(Address address) {
    return address.host().isDefined() && address.port().isDefined()
        ? address.host().get() + ":" + address.port().get()
        : address.toString();
  }
}
