package org.actorgrad.cluster;

import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.actorgrad.training.Protocol.CoordinatorCommand;
import org.actorgrad.training.Protocol.Register;
import org.actorgrad.training.RunTap;
import org.actorgrad.training.Protocol.WorkerCommand;
import org.actorgrad.training.Worker;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * Introduces the workers of other nodes to the coordinator: it subscribes to the receptionist's
 * listing of {@link WorkerNode#SERVICE} and, for each worker it has not seen, starts a
 * {@link WorkerLink} (which registers itself once the worker is connected), or without data links
 * sends a {@link Register} for the worker itself. Departures need nothing here: the coordinator
 * watches its workers, and a worker whose node is downed or removed from the cluster (or whose
 * link breaks) is reported to it as stopped.
 *
 * <p>Until the coordinator has started its first step it says every {@code noteEvery} how many
 * workers the receptionist lists (recounted on every listing: a worker that died before
 * registering no longer counts), and after {@code wait}, if one is set, gives up: a coordinator
 * must never wait in silence, nor for ever unless asked to. Waiting ends on the coordinator's
 * start, not on the listing: a listed worker whose link dies before it registers would otherwise
 * end the waiting (and its --wait timer) while the coordinator still waits for it.
 */
public final class WorkerDiscovery extends AbstractBehavior<WorkerDiscovery.Event> {
  /** What discovery reacts to. */
  public sealed interface Event {}

  private record Listed(Receptionist.Listing listing) implements Event {}

  private enum Tick implements Event { INSTANCE }

  private enum WaitOver implements Event { INSTANCE }

  private enum Started implements Event { INSTANCE }

  private final ActorRef<CoordinatorCommand> coordinator;
  private final int expected;
  private final Consumer<String> notes;
  private final Optional<WorkerLink.Settings> links;
  private final RunTap tap;
  private final Optional<Duration> wait;
  private final Consumer<String> giveUp;
  private final TimerScheduler<Event> timers;
  private final long since = System.nanoTime();
  private final Set<ActorRef<WorkerCommand>> seen = new HashSet<>();
  private int here;
  private boolean waiting;

  /**
   * @param expected workers the coordinator waits for: arrivals are noted until that many came
   * @param notes where lines for the user go
   * @param links how to reach workers through data links; empty: through Artery
   * @param tap wraps each data link's actor (the live page sees the commands it forwards)
   * @param noteEvery how often to say how many workers are here while fewer than {@code expected}
   * @param wait how long to wait for {@code expected} workers; empty: for ever
   * @param giveUp told, once, the line that ends the run when {@code wait} passes first
   * @param started completes when the coordinator has its workers and starts the run
   */
  static Behavior<Event> create(ActorRef<CoordinatorCommand> coordinator, int expected,
      Consumer<String> notes, Optional<WorkerLink.Settings> links, RunTap tap, Duration noteEvery,
      Optional<Duration> wait, Consumer<String> giveUp, CompletionStage<?> started) {
    if (noteEvery.isNegative() || noteEvery.isZero()) {
      throw new IllegalArgumentException("expected a positive interval between notes, found " + noteEvery);
    }
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      context.getSystem().receptionist().tell(Receptionist.subscribe(WorkerNode.SERVICE,
          context.messageAdapter(Receptionist.Listing.class, Listed::new)));
      boolean waiting = expected > 0;
      if (waiting) {
        timers.startTimerWithFixedDelay(Tick.INSTANCE, noteEvery);
        wait.ifPresent(w -> timers.startSingleTimer(WaitOver.INSTANCE, w));
        context.pipeToSelf(started, (ok, failed) -> Started.INSTANCE);
      }
      return new WorkerDiscovery(context, coordinator, expected, notes, links, tap, wait, giveUp, timers, waiting);
    }));
  }

  private WorkerDiscovery(ActorContext<Event> context, ActorRef<CoordinatorCommand> coordinator,
      int expected, Consumer<String> notes, Optional<WorkerLink.Settings> links, RunTap tap,
      Optional<Duration> wait, Consumer<String> giveUp, TimerScheduler<Event> timers, boolean waiting) {
    super(context);
    this.tap = tap;
    this.coordinator = coordinator;
    this.expected = expected;
    this.notes = notes;
    this.links = links;
    this.wait = wait;
    this.giveUp = giveUp;
    this.timers = timers;
    this.waiting = waiting;
  }

  @Override
  public Receive<Event> createReceive() {
    return newReceiveBuilder()
        .onMessage(Listed.class, l -> onListing(l.listing()))
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessageEquals(WaitOver.INSTANCE, this::onWaitOver)
        .onMessageEquals(Started.INSTANCE, this::onStarted)
        .build();
  }

  private Behavior<Event> onListing(Receptionist.Listing listing) {
    Set<ActorRef<WorkerCommand>> current = listing.getServiceInstances(WorkerNode.SERVICE);
    here = current.size();
    for (ActorRef<WorkerCommand> worker : current) {
      if (seen.add(worker)) {
        introduce(worker);
        if (waiting) {
          notes.accept(String.format("worker %s is here (%d of %d)", Worker.describe(worker), here, expected));
        }
      }
    }
    return this;
  }

  private Behavior<Event> onStarted() {
    // Training starts: from now on the coordinator reports who comes and goes.
    waiting = false;
    timers.cancelAll();
    return this;
  }

  private Behavior<Event> onTick() {
    if (waiting) {
      notes.accept(String.format(Locale.ROOT, "waiting for workers: %d of %d here after %s%s",
          here, expected, seconds(Duration.ofNanos(System.nanoTime() - since)),
          wait.map(w -> " (--wait " + seconds(w) + ")").orElse(" (no --wait limit)")));
    }
    return this;
  }

  private Behavior<Event> onWaitOver() {
    if (waiting) {
      waiting = false;
      timers.cancelAll();
      giveUp.accept(String.format(Locale.ROOT, "only %d of %d workers came within %s (--wait): start more "
          + "with 'trainer worker --join HOST:PORT', or lower --min-workers", here, expected, seconds(wait.get())));
    }
    return this;
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  private void introduce(ActorRef<WorkerCommand> worker) {
    if (links.isEmpty()) {
      coordinator.tell(new Register(worker));
      return;
    }
    // Named after the worker, so that what the coordinator reports about it reads the same.
    String name = Worker.describe(worker);
    for (int n = 2; getContext().getChild(name).isPresent(); n++) {
      name = Worker.describe(worker) + "-" + n;
    }
    getContext().spawn(tap.worker(WorkerLink.create(worker, coordinator, links.get())), name,
        DispatcherSelector.fromConfig(ClusterConfig.STEP_DISPATCHER));
  }
}
