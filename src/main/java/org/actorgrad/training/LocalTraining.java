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

/**
 * Trains in this JVM: a coordinator and N worker actors on a compute pool of min(T, N) threads
 * (a worker computes one step at a time, so more threads than workers would only idle, and each
 * step could land on another core than the last). The pool is a {@link SpinningPool}; where the
 * coordinator runs is {@code actorgrad.local.coordinator-dispatcher} (config/local.conf).
 */
public final class LocalTraining {
  public static final String COMPUTE_DISPATCHER = "actorgrad.compute-dispatcher";
  static final String COORDINATOR_DISPATCHER = "actorgrad.local.coordinator-dispatcher";
  private static final String DEFAULT_DISPATCHER = "pekko.actor.default-dispatcher";

  private LocalTraining() {}

  /**
   * Pekko configuration for local training with a compute pool of {@code threads}.
   *
   * @throws IllegalArgumentException when the coordinator's dispatcher or the pool's spin (both from
   *     config/local.conf, or the environment) is not one that local training takes
   */
  public static Config pekkoConfig(int threads, Config overrides) {
    Config config = overrides
        .withFallback(ConfigFactory.parseMap(Map.of(
            COMPUTE_DISPATCHER + ".thread-pool-executor.fixed-pool-size", threads,
            COMPUTE_DISPATCHER + ".executor", SpinningPool.class.getName())))
        .withFallback(ConfigFactory.parseResources("config/local.conf"))
        .withFallback(ConfigFactory.load())
        .resolve();
    coordinatorDispatcher(config);
    SpinningPool.spinNanos(config.getConfig(COMPUTE_DISPATCHER));
    return config;
  }

  /** Where the coordinator runs: Pekko's default dispatcher or the compute pool (config/local.conf). */
  static DispatcherSelector coordinatorDispatcher(Config config) {
    String id = config.getString(COORDINATOR_DISPATCHER);
    if (id.equals(DEFAULT_DISPATCHER)) {
      return DispatcherSelector.defaultDispatcher();
    }
    if (id.equals(COMPUTE_DISPATCHER)) {
      return DispatcherSelector.fromConfig(COMPUTE_DISPATCHER);
    }
    throw new IllegalArgumentException(COORDINATOR_DISPATCHER + " (ACTORGRAD_COORDINATOR_DISPATCHER) must be "
        + DEFAULT_DISPATCHER + " or " + COMPUTE_DISPATCHER + ", found '" + id + "'");
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
    Config config = pekkoConfig(Math.min(c.threads(), c.workers()), overrides);
    ActorSystem<Protocol.CoordinatorCommand> system = ActorSystem.create(
        tap.coordinator(Coordinator.create(run, settings, listener, done)), "actorgrad",
        config, coordinatorDispatcher(config));
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
