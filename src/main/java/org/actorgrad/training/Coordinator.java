package org.actorgrad.training;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private final List<ActorRef<WorkerCommand>> waiting = new ArrayList<>();
  private PartitionAssignment<ActorRef<WorkerCommand>> assignment = PartitionAssignment.empty();
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
    for (int i = 0; i < settings.localWorkers(); i++) {
      addWorker(context.spawn(settings.workerFactory().get(), "worker-" + i, settings.workerProps()));
    }
  }

  @Override
  public Receive<CoordinatorCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(Gradient.class, this::onGradient)
        .onMessage(Register.class, r -> addWorker(r.worker()))
        .onMessage(WorkerStopped.class, w -> lose(List.of(w.worker()), "stopped"))
        .onMessage(StepTimedOut.class, this::onTimeout)
        .build();
  }

  private Behavior<CoordinatorCommand> addWorker(ActorRef<WorkerCommand> worker) {
    if (waiting.contains(worker) || assignment.contains(worker)) {
      return this;
    }
    getContext().watchWith(worker, new WorkerStopped(worker));
    worker.tell(run.plan().setup());
    if (current == null) {
      waiting.add(worker);
      if (waiting.size() >= Math.max(1, settings.minWorkers())) {
        assignment = PartitionAssignment.roundRobin(run.plan().partitions(), waiting);
        for (int p = 0; p < run.plan().partitions(); p++) {
          assignment.owner(p).tell(run.plan().shipment(p));
        }
        listener.started(run.plan().config().epochs(), run.plan().epochPlan().stepsPerEpoch(),
            run.plan().partitions(), run.params().length);
        return startEpochOrFinish();
      }
      return this;
    }
    PartitionAssignment<ActorRef<WorkerCommand>> before = assignment;
    assignment = assignment.with(worker);
    for (int p = 0; p < assignment.partitions(); p++) {
      if (!before.owner(p).equals(assignment.owner(p))) {
        // The old owner still answers the current step for p (Drop queues behind Compute).
        worker.tell(run.plan().shipment(p));
        before.owner(p).tell(new DropPartition(p));
      }
    }
    listener.workerJoined(describe(worker), assignment.workers().size());
    return this;
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
    for (ActorRef<WorkerCommand> w : assignment.workers()) {
      sendCompute(w, assignment.partitionsOf(w));
    }
    timers.startSingleTimer("step", new StepTimedOut(current.step()), settings.stepTimeout());
  }

  private void sendCompute(ActorRef<WorkerCommand> worker, int[] partitions) {
    if (partitions.length == 0) {
      return;
    }
    int[][] positions = new int[partitions.length][];
    for (int i = 0; i < partitions.length; i++) {
      positions[i] = run.positions(partitions[i]);
    }
    worker.tell(new Compute(current.step(), run.params(), partitions, positions, getContext().getSelf()));
  }

  private Behavior<CoordinatorCommand> onGradient(Gradient g) {
    if (current == null || !current.accept(g) || !current.isComplete()) {
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
    listener.epochDone(run.closeEpoch(validation, seconds, assignment.workers().size()));
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
    List<ActorRef<WorkerCommand>> silent = new ArrayList<>();
    for (int p = 0; p < assignment.partitions(); p++) {
      if (!current.hasAnswered(p) && !silent.contains(assignment.owner(p))) {
        silent.add(assignment.owner(p));
      }
    }
    for (ActorRef<WorkerCommand> w : silent) {
      stopIfChild(w);
    }
    return lose(silent, "no answer to step " + (current.step() + 1) + " within " + settings.stepTimeout().toSeconds() + " s");
  }

  private Behavior<CoordinatorCommand> lose(List<ActorRef<WorkerCommand>> gone, String reason) {
    for (ActorRef<WorkerCommand> worker : gone) {
      waiting.remove(worker);
      if (!assignment.contains(worker)) {
        continue;
      }
      getContext().unwatch(worker);
      PartitionAssignment<ActorRef<WorkerCommand>> before = assignment;
      assignment = assignment.without(worker);
      if (assignment.workers().isEmpty()) {
        return fail("all workers are gone (the last one: " + reason + "); the run cannot go on");
      }
      Map<ActorRef<WorkerCommand>, List<Integer>> missing = new LinkedHashMap<>();
      int moved = 0;
      for (int p = 0; p < assignment.partitions(); p++) {
        if (before.owner(p).equals(worker)) {
          moved++;
          ActorRef<WorkerCommand> heir = assignment.owner(p);
          heir.tell(run.plan().shipment(p));
          if (current != null && !current.hasAnswered(p)) {
            missing.computeIfAbsent(heir, k -> new ArrayList<>()).add(p);
          }
        }
      }
      listener.workerLost(describe(worker), reason, moved);
      missing.forEach((heir, ps) -> sendCompute(heir, ps.stream().mapToInt(Integer::intValue).toArray()));
    }
    if (current != null) {
      timers.startSingleTimer("step", new StepTimedOut(current.step()), settings.stepTimeout());
    }
    return this;
  }

  /** A worker as a user reads it: its name, and its node's host:port when it is in another JVM. */
  private static String describe(ActorRef<WorkerCommand> worker) {
    var address = worker.path().address();
    return address.hasGlobalScope()
        ? worker.path().name() + "@" + address.getHost().orElse("?") + ":" + address.getPort().orElse(0)
        : worker.path().name();
  }

  private void stopIfChild(ActorRef<WorkerCommand> worker) {
    if (getContext().getChild(worker.path().name()).filter(worker::equals).isPresent()) {
      getContext().stop(worker);
    }
  }

  private Behavior<CoordinatorCommand> finish() {
    BatchStats test = evaluator.evaluate(run.params(), run.plan().test());
    for (ActorRef<WorkerCommand> w : assignment.workers()) {
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
    for (ActorRef<WorkerCommand> w : assignment.workers()) {
      w.tell(Finish.INSTANCE);
    }
    done.completeExceptionally(new TrainingException(message));
    return Behaviors.stopped();
  }
}
