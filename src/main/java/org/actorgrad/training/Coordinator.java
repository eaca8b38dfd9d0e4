package org.actorgrad.training;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.actorgrad.model.BatchStats;
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
 * Runs the step loop: ships each partition's samples to its worker once, sends the parameters
 * each step, gathers one gradient per partition, and lets {@link TrainingRun} sum them in
 * partition order and update. Watches its workers: a worker that stops or misses the step
 * timeout loses its partitions to the survivors, and only the missing gradients are recomputed.
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
  private final Settings settings;
  private final TrainingListener listener;
  private final CompletableFuture<TrainingResult> done;
  private final TimerScheduler<CoordinatorCommand> timers;
  private final Evaluator evaluator;
  private final Membership<ActorRef<WorkerCommand>> membership;
  private StepState current;
  private long epochStartNanos;
  private String observerFailure;

  public static Behavior<CoordinatorCommand> create(
      TrainingRun run, Settings settings, TrainingListener listener, CompletableFuture<TrainingResult> done) {
    return Behaviors.setup(context -> Behaviors.withTimers(
        timers -> new Coordinator(context, timers, run, settings, listener, done)));
  }

  private Coordinator(
      ActorContext<CoordinatorCommand> context,
      TimerScheduler<CoordinatorCommand> timers,
      TrainingRun run,
      Settings settings,
      TrainingListener listener,
      CompletableFuture<TrainingResult> done) {
    super(context);
    this.timers = timers;
    this.run = run;
    this.settings = settings;
    this.listener = listener;
    this.done = done;
    this.evaluator = new Evaluator(run.plan().network(), run.plan().setup().inputs());
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
    if (!membership.started()) {
      return this;
    }
    listener.started(run.plan().config().epochs(), run.plan().epochPlan().stepsPerEpoch(),
        run.plan().partitions(), run.params().length);
    return startEpochOrFinish();
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

  private Behavior<CoordinatorCommand> startEpochOrFinish() {
    if (run.finished()) {
      return finish();
    }
    epochStartNanos = System.nanoTime();
    listener.epochStarted(run.epoch() + 1);
    issueStep();
    return this;
  }

  private void issueStep() {
    current = run.newStep();
    int[] counts = new int[run.plan().partitions()];
    for (int p = 0; p < counts.length; p++) {
      counts[p] = run.positions(p).length;
    }
    membership.startStep(current.step(), counts).forEach(this::sendCompute);
    timers.startSingleTimer("step", new StepTimedOut(current.step()), settings.stepTimeout());
  }

  private void sendCompute(ActorRef<WorkerCommand> worker, int[] partitions) {
    int[][] positions = new int[partitions.length][];
    for (int i = 0; i < partitions.length; i++) {
      positions[i] = run.positions(partitions[i]);
    }
    worker.tell(new Compute(current.step(), run.params(), partitions, positions, worker, getContext().getSelf()));
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
    timers.cancel("step");
    try {
      run.apply(current);
    } catch (TrainingException e) {
      return fail(e.getMessage());
    }
    listener.stepDone(run.epoch() + 1, run.stepInEpoch(), run.plan().epochPlan().stepsPerEpoch());
    if (!run.atEpochEnd()) {
      if (!observe(() -> settings.observer().stepApplied(run, false, epochSeconds()))) {
        return fail(observerFailure);
      }
      issueStep();
      return this;
    }
    double seconds = epochSeconds();
    BatchStats validation = evaluator.evaluate(run.params(), run.plan().validation());
    listener.epochDone(run.closeEpoch(validation, seconds, membership.workers().size()));
    if (!observe(() -> settings.observer().stepApplied(run, true, 0))) {
      return fail(observerFailure);
    }
    return startEpochOrFinish();
  }

  /** Runs an observer call; a failure (a full disk, say) ends the run with its message. */
  private boolean observe(Runnable call) {
    try {
      call.run();
      return true;
    } catch (RuntimeException e) {
      observerFailure = e.getMessage();
      return false;
    }
  }

  private double epochSeconds() {
    return run.epochSecondsBefore() + (System.nanoTime() - epochStartNanos) / 1e9;
  }

  private Behavior<CoordinatorCommand> onTimeout(StepTimedOut t) {
    if (current == null || t.step() != current.step()) {
      return this;
    }
    String reason = "no answer to step " + (current.step() + 1) + " within " + settings.stepTimeout().toSeconds() + " s";
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
      return fail("all workers are gone (the last one: " + reason + "); the run cannot go on");
    }
    listener.workerLost(Worker.describe(worker), reason, changes.moves().size());
    send(changes);
    if (current != null) {
      timers.startSingleTimer("step", new StepTimedOut(current.step()), settings.stepTimeout());
    }
    return this;
  }

  private void stopIfChild(ActorRef<WorkerCommand> worker) {
    if (getContext().getChild(worker.path().name()).filter(worker::equals).isPresent()) {
      getContext().stop(worker);
    }
  }

  private Behavior<CoordinatorCommand> finish() {
    BatchStats test = evaluator.evaluate(run.params(), run.plan().test());
    for (ActorRef<WorkerCommand> w : membership.workers()) {
      w.tell(Finish.INSTANCE);
    }
    TrainingResult result = new TrainingResult(run.params(), run.history(),
        test.lossSum() / test.count(), (double) test.correct() / test.count(), run.globalStep());
    if (!observe(() -> settings.observer().finished(run, result))) {
      return fail(observerFailure);
    }
    done.complete(result);
    return Behaviors.stopped();
  }

  private Behavior<CoordinatorCommand> fail(String message) {
    if (current != null && observerFailure == null) {
      observe(() -> settings.observer().failed(run, epochSeconds(), message));
    }
    for (ActorRef<WorkerCommand> w : membership.workers()) {
      w.tell(Finish.INSTANCE);
    }
    done.completeExceptionally(new TrainingException(message));
    return Behaviors.stopped();
  }
}
