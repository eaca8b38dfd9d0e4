package org.actorgrad.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import org.actorgrad.checkpoint.CheckpointStore;
import org.actorgrad.training.RunCheckpointer;
import org.actorgrad.training.StopRequest;
import org.actorgrad.training.TrainingException;
import org.actorgrad.training.TrainingListener;
import org.actorgrad.training.TrainingRun;

/**
 * A training session's answer to SIGTERM and Ctrl-C ({@link StopSignals}), while it is open: before
 * the first step the process exits at once (nothing to checkpoint), after removing what the start
 * made (its {@code abandon}: the run's empty folder, its lock, and {@code latest} put back), and
 * the run can no longer start; from then on the run stops
 * after its step in flight, which the checkpointer ({@link RunCheckpointer#stopOn}) writes, and the
 * session ends with one line and exit 143 or 130.
 */
final class SignalStop implements StopSignals.Watch {
  private final StopRequest request = new StopRequest();
  private final Object gate = new Object(); // a signal before the start, or the start: one of them first
  private boolean started; // guarded by gate
  private boolean stoppedBeforeStart; // guarded by gate
  private final TrainingRun run;
  private final PrintWriter err;
  private final IoRunnable abandon;
  private final StopSignals.Watch watch;

  /** Undoes a start that a signal ended before its first step; may throw an I/O error. */
  interface IoRunnable {
    void run() throws IOException;
  }

  private SignalStop(TrainingRun run, PrintWriter err, IoRunnable abandon) {
    this.run = run;
    this.err = err;
    this.abandon = abandon;
    this.watch = StopSignals.watch(this::stop);
  }

  /**
   * Watches for a stop signal until closed; {@code abandon} runs (on the signal's thread) when one
   * comes before the run's first step, before the process exits.
   */
  static SignalStop watch(TrainingRun run, PrintWriter err, IoRunnable abandon) {
    return new SignalStop(run, err, abandon);
  }

  /** What the checkpointer looks at after each step. */
  StopRequest request() {
    return request;
  }

  /** Tells this that the run's workers are here and it steps (the coordinator's {@code started}). */
  TrainingListener listener() {
    return new TrainingListener() {
      @Override
      public void started(int epochs, int stepsPerEpoch, int partitions, int parameterCount) {
        synchronized (gate) {
          if (stoppedBeforeStart) { // its folder is being removed and the process is exiting: no step
            throw new IllegalStateException("stopped by a signal before training began");
          }
          started = true;
        }
      }
    };
  }

  /**
   * The trainer failed with {@code e}: when a signal stopped the run (the checkpointer ended it
   * after the step in flight), waits for that checkpoint, says which step it holds and returns the
   * exit code; otherwise rethrows {@code e}, the real cause (a loss that became NaN, workers that
   * left), even when a stop was asked for meanwhile.
   */
  int stoppedOrRethrow(TrainingException e, RunCheckpointer checkpointer, CheckpointStore store) throws IOException {
    if (!request.requested() || checkpointer.stoppedAt() < 0) {
      throw e;
    }
    checkpointer.close();
    long step = checkpointer.stoppedAt();
    // The folder is named: a plain --resume takes the newest run, which may be another one.
    err.println(String.format(Locale.ROOT, "stopped by %s after step %,d: its checkpoint is %s; continue with --resume %s",
        request.reason(), step, store.fileFor(step), store.fileFor(step).getParent()));
    err.flush();
    return StopSignals.exitCode(request.reason());
  }

  /** The first signal, on its own thread. */
  private boolean stop(String signal) {
    synchronized (gate) {
      stoppedBeforeStart = !started;
    }
    if (stoppedBeforeStart) {
      try {
        abandon.run();
      } catch (IOException | RuntimeException e) {
        err.println("warning: removing this run's empty folder failed: " + e.getMessage());
      }
      err.println("stopped by " + signal + " before training began; nothing to checkpoint");
      err.flush();
      return false;
    }
    request.request(signal);
    // No step number here: this thread cannot know whether the step that just finished has seen
    // the request (a line said "after step 19" for a run that stopped after 18); the stop line
    // names the step once the checkpointer has stopped the run.
    err.println(run.finished()
        ? signal + ": the run is ending; its files are being written (a second signal stops at once)"
        : signal + ": stopping after the step in flight, with its checkpoint (a second signal stops at once)");
    err.flush();
    return true;
  }

  @Override
  public void close() {
    watch.close();
  }
}
