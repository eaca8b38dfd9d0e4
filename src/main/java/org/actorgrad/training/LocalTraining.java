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
 * Trains in this JVM: a coordinator and N worker actors on a compute pool of T threads. Where the
 * coordinator runs and whether idle compute threads spin before they park are settings
 * (config/local.conf): by default it is Pekko's fixed thread pool and the coordinator has a pool
 * of its own, as before those settings existed. With the coordinator on the compute pool, or with
 * a spin, the pool has min(T, N) threads: a thread beyond the workers' count would only be woken
 * to find nothing to do (the coordinator and the workers take turns), or spin for nothing.
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
    return pekkoConfig(threads, Integer.MAX_VALUE, overrides);
  }

  /**
   * As {@link #pekkoConfig(int, Config)} for a run of {@code workers} local workers: with the
   * coordinator on the compute pool or a spin above 0, the pool has at most that many threads; with
   * a spin above 0, the pool is a {@link SpinningPool}.
   */
  static Config pekkoConfig(int threads, int workers, Config overrides) {
    Config settings = overrides
        .withFallback(ConfigFactory.parseResources("config/local.conf"))
        .withFallback(ConfigFactory.load())
        .resolve();
    boolean shared = coordinatorOnComputePool(settings);
    boolean spins = SpinningPool.spinNanos(settings.getConfig(COMPUTE_DISPATCHER)) > 0;
    Map<String, Object> pool = new java.util.HashMap<>();
    // Beside the coordinator, or spinning, a thread beyond the workers' count would only be woken
    // (by the queue's signal to its waiters) to find nothing to do, or spin for nothing.
    pool.put(COMPUTE_DISPATCHER + ".thread-pool-executor.fixed-pool-size",
        shared || spins ? Math.min(threads, workers) : threads);
    if (spins) {
      pool.put(COMPUTE_DISPATCHER + ".executor", SpinningPool.class.getName());
    }
    return overrides
        .withFallback(ConfigFactory.parseMap(pool))
        .withFallback(settings)
        .resolve();
  }

  /** Where the coordinator runs: Pekko's default dispatcher or the compute pool (config/local.conf). */
  static DispatcherSelector coordinatorDispatcher(Config config) {
    return coordinatorOnComputePool(config)
        ? DispatcherSelector.fromConfig(COMPUTE_DISPATCHER) : DispatcherSelector.defaultDispatcher();
  }

  private static boolean coordinatorOnComputePool(Config config) {
    String id = config.getString(COORDINATOR_DISPATCHER);
    if (!id.equals(DEFAULT_DISPATCHER) && !id.equals(COMPUTE_DISPATCHER)) {
      throw new IllegalArgumentException(COORDINATOR_DISPATCHER + " (ACTORGRAD_COORDINATOR_DISPATCHER) must be "
          + DEFAULT_DISPATCHER + " or " + COMPUTE_DISPATCHER + ", found '" + id + "'");
    }
    return id.equals(COMPUTE_DISPATCHER);
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
    Config config = pekkoConfig(c.threads(), c.workers(), overrides);
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
