package org.actorgrad.training;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A piece of start-up work that only loads, links and initialises classes (or lets the JIT see
 * code) for later, run once per JVM on a daemon thread of its own while the run's start keeps the
 * main thread busy (its data load, say) and leaves a core idle. What it computes is thrown away;
 * what it throws is kept for the tests only: a warm-up that fails costs the run nothing but the
 * head start, and the run's own code reports whatever is wrong.
 */
public final class StartupWarmup {
  private final String threadName;
  private final Runnable body;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  /** @param body what to run; it must touch nothing a run owns (no file, no array of the run) */
  public StartupWarmup(String threadName, Runnable body) {
    this.threadName = threadName;
    this.body = body;
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

  /** Completes when the warm-up has run, exceptionally with what it threw (tests). */
  public CompletableFuture<Void> done() {
    return done;
  }

  private void run() {
    try {
      body.run();
      done.complete(null);
    } catch (RuntimeException | LinkageError e) {
      done.completeExceptionally(e);
    }
  }
}
