package org.actorgrad.training;

import com.typesafe.config.Config;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;
import org.apache.pekko.dispatch.MonitorableThreadFactory;

/**
 * The compute pool of a local run with a spin, named by class in the dispatcher's {@code executor}
 * (LocalTraining sets it): Pekko's fixed thread-pool-executor (a {@link ThreadPoolExecutor} of
 * {@code thread-pool-executor.fixed-pool-size} threads on one FIFO queue, idle ones ending after
 * {@code thread-pool-executor.keep-alive-time}), except that an idle thread polls the queue for
 * {@code spinning-pool.spin} before it parks ({@link SpinThenParkQueue}). With a spin of 0 it is
 * that executor. Pekko's own affinity-pool-executor also spins, but then keeps waking itself with
 * timed parks (every 10-250 us, by idle-cpu-level) for as long as it idles: a cost with no bound.
 */
public final class SpinningPool extends ExecutorServiceConfigurator {
  /** The longest spin taken: a spin only pays while it is shorter than a wake-up through the kernel. */
  static final long MAX_SPIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private final int threads;
  private final long keepAliveNanos;
  private final long spinNanos;

  /**
   * Called by Pekko with the dispatcher's configuration.
   *
   * @throws IllegalArgumentException for a pool of no thread or a spin outside 0..1 ms
   */
  public SpinningPool(Config config, DispatcherPrerequisites prerequisites) {
    super(config, prerequisites);
    this.threads = config.getInt("thread-pool-executor.fixed-pool-size");
    this.keepAliveNanos = config.getDuration("thread-pool-executor.keep-alive-time", TimeUnit.NANOSECONDS);
    this.spinNanos = spinNanos(config);
    if (threads < 1) {
      throw new IllegalArgumentException("expected at least 1 compute thread, found " + threads);
    }
  }

  /**
   * The spin of the dispatcher {@code config}, in nanoseconds.
   *
   * @throws IllegalArgumentException when it is not a duration from 0 to 1 ms
   */
  static long spinNanos(Config dispatcher) {
    long nanos;
    try {
      nanos = dispatcher.getDuration("spinning-pool.spin", TimeUnit.NANOSECONDS);
    } catch (com.typesafe.config.ConfigException e) {
      throw new IllegalArgumentException("the compute pool's spin (ACTORGRAD_SPIN) must be a duration such as"
          + " 50us, found '" + dispatcher.getValue("spinning-pool.spin").unwrapped() + "'", e);
    }
    if (nanos < 0 || nanos > MAX_SPIN_NANOS) {
      throw new IllegalArgumentException("the compute pool's spin (ACTORGRAD_SPIN) must be from 0us to 1ms, found "
          + dispatcher.getValue("spinning-pool.spin").unwrapped());
    }
    return nanos;
  }

  @Override
  public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
    // Threads named after the dispatcher, as Pekko's own executors name theirs (thread dumps, tests).
    ThreadFactory named = threadFactory instanceof MonitorableThreadFactory m ? m.withName(m.name() + "-" + id)
        : threadFactory;
    return () -> {
      ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, keepAliveNanos, TimeUnit.NANOSECONDS,
          new SpinThenParkQueue(spinNanos), named);
      pool.allowCoreThreadTimeOut(true); // as Pekko's allow-core-timeout = on
      return pool;
    };
  }
}
