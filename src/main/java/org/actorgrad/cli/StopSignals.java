package org.actorgrad.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * SIGTERM (docker stop, systemd, kill) and SIGINT (Ctrl-C) for the trainer's process. The first
 * signal asks whatever runs to stop gracefully (a training run: after its current step, with that
 * step's checkpoint); with nothing that can, the process exits at once. A second signal stops the
 * process at once ({@link Runtime#halt}), whatever it is doing. Exit codes are the shells'
 * convention, 128 + the signal's number: 130 for SIGINT, 143 for SIGTERM.
 *
 * <p>Installed by {@link Main#main} only: tests that call {@link Main#run} inside their own JVM keep
 * that JVM's handlers. Handling SIGTERM here also keeps the JVM from starting its shutdown (and
 * Pekko's coordinated shutdown with it) while the run still has a step to finish.
 * {@code sun.misc.Signal} (module jdk.unsupported, present in every JDK since 9 and kept for this
 * use) is the only way Java has to handle a signal instead of shutting down on it.
 */
final class StopSignals {
  /** What a first signal stops gracefully. */
  interface Target {
    /**
     * Called on the signal's own thread; returns false when it has nothing to finish (then it has
     * said so in a line, and the process exits at once). {@code signal}: "SIGTERM" or "SIGINT".
     */
    boolean stop(String signal);
  }

  /** Ends a {@link #watch}. */
  interface Watch extends AutoCloseable {
    @Override
    void close();
  }

  private static final AtomicBoolean INSTALLED = new AtomicBoolean();
  private static final AtomicBoolean RECEIVED = new AtomicBoolean();
  private static volatile Target target;
  private static volatile PrintWriter err = new PrintWriter(System.err, true);

  private StopSignals() {}

  /** Handles SIGTERM and SIGINT from now on in this process; lines go to {@code errors}. */
  static void install(PrintWriter errors) {
    err = errors;
    if (!INSTALLED.compareAndSet(false, true)) {
      return;
    }
    for (String name : List.of("TERM", "INT")) {
      try {
        Signal.handle(new Signal(name), s -> received("SIG" + s.getName()));
      } catch (IllegalArgumentException unavailable) {
        // The JVM was started with -Xrs, or this platform has no such signal: its default stays.
      }
    }
  }

  /**
   * Makes {@code t} what a first signal stops, until the returned handle is closed. Without
   * {@link #install} (a test's JVM) it has no effect.
   */
  static Watch watch(Target t) {
    target = t;
    return () -> {
      if (target == t) {
        target = null;
      }
    };
  }

  /** What a first signal would stop now, or null: for tests, which cannot send this JVM a signal. */
  static Target target() {
    return target;
  }

  /** 130 for SIGINT, 143 for SIGTERM (128 + 2, 128 + 15). */
  static int exitCode(String signal) {
    return "SIGINT".equals(signal) ? 130 : 143;
  }

  private static void received(String signal) {
    int code = exitCode(signal);
    Target t = target;
    if (RECEIVED.compareAndSet(false, true)) {
      if (t != null && t.stop(signal)) {
        return;
      }
      // Nothing to finish (an evaluation, data still loading, workers not here yet): exit now,
      // through the shutdown hooks (a cluster node leaves its cluster). A target that declined
      // has said why.
      if (t == null) {
        err.println("stopped by " + signal);
        err.flush();
      }
      System.exit(code);
      return;
    }
    // What is lost depends on what ran (a training run keeps its last checkpoint); the first
    // signal's line said what was being finished.
    err.println("stopped at once by a second " + signal);
    err.flush();
    Runtime.getRuntime().halt(code);
  }
}
