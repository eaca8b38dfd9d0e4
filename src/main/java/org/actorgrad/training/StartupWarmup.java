package org.actorgrad.training;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A piece of start-up work that only loads, links and initialises classes (or lets the JIT see
 * code) for later, run once per JVM on a daemon thread of its own while the run's start keeps the
 * main thread busy (its data load, say) and leaves a core idle. What it computes is thrown away;
 * what it throws is kept for the tests only ({@link #done}): a warm-up that fails costs the run
 * its head start, and the run's own code meets the same fault later. One limit: a class whose
 * initialiser failed here is only named by the run's {@code NoClassDefFoundError}, without the
 * original cause (Java 17 does not attach it); that takes a broken class path, not bad input.
 */
public final class StartupWarmup {
  private final String threadName;
  private final Runnable body;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  /**
   * A warm-up not started yet.
   *
   * @param threadName the name of the thread it runs on (seen in thread dumps and profiles)
   * @param body what to run; it must touch nothing a run owns (no file, no array of the run)
   * @throws NullPointerException when either is null
   */
  public StartupWarmup(String threadName, Runnable body) {
    this.threadName = Objects.requireNonNull(threadName, "threadName");
    this.body = Objects.requireNonNull(body, "body");
  }

  /** Starts the warm-up on a daemon thread the first time only; returns at once. */
  public void startOnce() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    Thread thread = new Thread(this::run, threadName);
    thread.setDaemon(true); // never keeps a JVM alive
    thread.start();
  }

  /** Completes when the body has returned, exceptionally with whatever it threw (tests). */
  public CompletableFuture<Void> done() {
    return done;
  }

  private void run() {
    try {
      body.run();
      done.complete(null);
    } catch (Throwable t) { // kept, not printed: a warm-up's failure must not show in a run's output
      done.completeExceptionally(t);
    }
  }
}
