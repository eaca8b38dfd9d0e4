package org.actorgrad.training;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.actorgrad.training.Protocol.WorkerCommand;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;

/** Trains in this JVM: a coordinator and N worker actors on a compute pool of T threads. */
public final class LocalTraining {
  public static final String COMPUTE_DISPATCHER = "actorgrad.compute-dispatcher";

  private LocalTraining() {}

  /** Pekko configuration for local training with a compute pool of {@code threads}. */
  public static Config pekkoConfig(int threads, Config overrides) {
    return overrides
        .withFallback(ConfigFactory.parseMap(Map.of(
            COMPUTE_DISPATCHER + ".thread-pool-executor.fixed-pool-size", threads)))
        .withFallback(ConfigFactory.parseResources("config/local.conf"))
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  public static TrainingResult run(TrainingRun run, TrainingListener listener, RunObserver observer) {
    return run(run, listener, observer, ConfigFactory.empty(), RunTap.NONE);
  }

  /**
   * Trains with {@link Worker}s that take their gradient arrays from one pool, to which the run
   * gives each step's back once summed (so the step loop allocates no gradient arrays); the rest
   * as {@link #run(TrainingRun, TrainingListener, RunObserver, Supplier, Config, RunTap)}.
   */
  public static TrainingResult run(
      TrainingRun run, TrainingListener listener, RunObserver observer, Config overrides, RunTap tap) {
    FloatArrays gradients = new FloatArrays();
    run.giveGradientsBackTo(gradients);
    return run(run, listener, observer, () -> Worker.create(gradients), overrides, tap);
  }

  /** Blocks until the run ends; a failed run throws {@link TrainingException}. */
  public static TrainingResult run(
      TrainingRun run,
      TrainingListener listener,
      RunObserver observer,
      Supplier<Behavior<WorkerCommand>> workerFactory,
      Config overrides) {
    return run(run, listener, observer, workerFactory, overrides, RunTap.NONE);
  }

  /** As above, with the coordinator and the workers wrapped by {@code tap} (the live page). */
  public static TrainingResult run(
      TrainingRun run,
      TrainingListener listener,
      RunObserver observer,
      Supplier<Behavior<WorkerCommand>> workerFactory,
      Config overrides,
      RunTap tap) {
    TrainingConfig c = run.plan().config();
    CompletableFuture<TrainingResult> done = new CompletableFuture<>();
    Coordinator.Settings settings = new Coordinator.Settings(
        c.workers(), c.workers(), () -> tap.worker(workerFactory.get()),
        DispatcherSelector.fromConfig(COMPUTE_DISPATCHER), c.stepTimeout(), observer);
    ActorSystem<Protocol.CoordinatorCommand> system = ActorSystem.create(
        tap.coordinator(Coordinator.create(run, settings, listener, done)), "actorgrad",
        pekkoConfig(c.threads(), overrides));
    // If the coordinator itself crashes, nothing else would complete the future.
    system.getWhenTerminated().thenRun(() -> done.completeExceptionally(
        new TrainingException("the coordinator stopped unexpectedly; run with --verbose for details")));
    try {
      return TrainingResult.await(done);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }
}
