package org.actorgrad.training;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.actorgrad.training.Protocol.Compute;
import org.actorgrad.training.Protocol.CoordinatorCommand;
import org.actorgrad.training.Protocol.DropPartition;
import org.actorgrad.training.Protocol.Finish;
import org.actorgrad.training.Protocol.Gradient;
import org.actorgrad.training.Protocol.Register;
import org.actorgrad.training.Protocol.WorkerCommand;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The messaging of a run: ships each partition's samples to its worker once, sends the parameters
 * each step, gathers one gradient per partition and hands the complete step to the
 * {@link TrainingLoop} (which sums in partition order and updates). Watches its workers: one that
 * stops, misses the step timeout or sends a malformed gradient is dropped, and only the gradients
 * still missing are recomputed. Who owns and who computes what is decided by {@link Membership}.
 */
public final class Coordinator extends AbstractBehavior<CoordinatorCommand> {

  /** How workers come: {@code localWorkers} spawned here, the rest by {@link Register}. */
  public record Settings(
      int localWorkers,
      int minWorkers,
      Supplier<Behavior<WorkerCommand>> workerFactory,
      Props workerProps,
      Duration stepTimeout,
      RunObserver observer) {}

  private record WorkerStopped(ActorRef<WorkerCommand> worker) implements CoordinatorCommand {}

  private record StepTimedOut(long step) implements CoordinatorCommand {}

  private final TrainingRun run;
  private final Duration stepTimeout;
  private final TrainingListener listener;
  private final CompletableFuture<TrainingResult> done;
  private final TimerScheduler<CoordinatorCommand> timers;
  private final TrainingLoop loop;
  private final Membership<ActorRef<WorkerCommand>> membership;
  private StepState current;

  public static Behavior<CoordinatorCommand> create(
      TrainingRun run, Settings settings, TrainingListener listener, CompletableFuture<TrainingResult> done) {
    return Behaviors.setup(context -> Behaviors.withTimers(
        timers -> new Coordinator(context, timers, run, settings, listener, done)));
  }

  private Coordinator(ActorContext<CoordinatorCommand> context, TimerScheduler<CoordinatorCommand> timers,
      TrainingRun run, Settings settings, TrainingListener listener, CompletableFuture<TrainingResult> done) {
    super(context);
    this.timers = timers;
    this.run = run;
    this.stepTimeout = settings.stepTimeout();
    this.listener = listener;
    this.done = done;
    this.loop = new TrainingLoop(run, listener, settings.observer());
    this.membership = new Membership<>(run.plan().partitions(), settings.minWorkers(), run.params().length);
    for (int i = 0; i < settings.localWorkers(); i++) {
      onRegister(context.spawn(settings.workerFactory().get(), "worker-" + i, settings.workerProps()));
    }
  }

  @Override
  public Receive<CoordinatorCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(Gradient.class, this::onGradient)
        .onMessage(Register.class, r -> onRegister(r.worker()))
        .onMessage(WorkerStopped.class, w -> lose(w.worker(), "stopped"))
        .onMessage(StepTimedOut.class, this::onTimeout)
        .build();
  }

  private Behavior<CoordinatorCommand> onRegister(ActorRef<WorkerCommand> worker) {
    if (membership.knows(worker)) {
      return this;
    }
    getContext().watchWith(worker, new WorkerStopped(worker));
    worker.tell(run.plan().setup());
    boolean started = membership.started();
    send(membership.joined(worker));
    if (started) {
      listener.workerJoined(Worker.describe(worker), membership.workers().size());
      return this;
    }
    return membership.started() ? proceed(loop.start()) : this;
  }

  private Behavior<CoordinatorCommand> onGradient(Gradient g) {
    var judgement = membership.answered(g.worker(), g);
    if (judgement.verdict() == Membership.Verdict.FAULTY) {
      stopIfChild(g.worker());
      return lose(g.worker(), "faulty: it " + judgement.fault());
    }
    if (judgement.verdict() != Membership.Verdict.TAKE || !current.accept(g) || !current.isComplete()) {
      return this;
    }
    timers.cancel(StepTimedOut.class);
    return proceed(loop.completed(current, membership.workers().size()));
  }

  private Behavior<CoordinatorCommand> onTimeout(StepTimedOut t) {
    if (current == null || t.step() != current.step()) {
      return this;
    }
    String reason = "no answer to step " + (current.step() + 1) + " within " + stepTimeout.toSeconds() + " s";
    Behavior<CoordinatorCommand> next = this;
    for (ActorRef<WorkerCommand> w : membership.awaited()) {
      stopIfChild(w);
      next = lose(w, reason);
      if (next != this) {
        break; // the run failed: no worker left
      }
    }
    return next;
  }

  private Behavior<CoordinatorCommand> lose(ActorRef<WorkerCommand> worker, String reason) {
    if (!membership.knows(worker)) {
      return this;
    }
    getContext().unwatch(worker);
    boolean member = membership.workers().contains(worker);
    var changes = membership.lost(worker);
    if (!member) {
      return this; // it was waiting for the run to start
    }
    if (membership.workers().isEmpty()) {
      return proceed(loop.fail("all workers are gone (the last one: " + reason + "); the run cannot go on"));
    }
    listener.workerLost(Worker.describe(worker), reason, changes.moves().size());
    send(changes);
    if (current != null) {
      timers.startSingleTimer(StepTimedOut.class, new StepTimedOut(current.step()), stepTimeout);
    }
    return this;
  }

  /** Asks for the next step, or ends the run (the workers are told it is over). */
  private Behavior<CoordinatorCommand> proceed(TrainingLoop.Next next) {
    if (next instanceof TrainingLoop.Step step) {
      current = step.step();
      membership.startStep(current.step(), step.sampleCounts()).forEach(this::sendCompute);
      timers.startSingleTimer(StepTimedOut.class, new StepTimedOut(current.step()), stepTimeout);
      return this;
    }
    for (ActorRef<WorkerCommand> w : membership.workers()) {
      w.tell(Finish.INSTANCE);
    }
    if (next instanceof TrainingLoop.Finished finished) {
      done.complete(finished.result());
    } else {
      done.completeExceptionally(new TrainingException(((TrainingLoop.Failed) next).message()));
    }
    return Behaviors.stopped();
  }

  /** Ships moved partitions (the old owner, if still here, drops them), then sends the requests. */
  private void send(Membership.Changes<ActorRef<WorkerCommand>> changes) {
    for (var move : changes.moves()) {
      move.to().tell(run.plan().shipment(move.partition()));
      if (move.from() != null && membership.knows(move.from())) {
        // It still answers the current step for the partition if asked: Drop queues behind Compute.
        move.from().tell(new DropPartition(move.partition()));
      }
    }
    changes.asks().forEach(this::sendCompute);
  }

  private void sendCompute(ActorRef<WorkerCommand> worker, int[] partitions) {
    int[][] positions = new int[partitions.length][];
    for (int i = 0; i < partitions.length; i++) {
      positions[i] = run.positions(partitions[i]);
    }
    worker.tell(new Compute(current.step(), run.params(), partitions, positions, worker, getContext().getSelf()));
  }

  private void stopIfChild(ActorRef<WorkerCommand> worker) {
    if (getContext().getChild(worker.path().name()).filter(worker::equals).isPresent()) {
      getContext().stop(worker);
    }
  }
}
