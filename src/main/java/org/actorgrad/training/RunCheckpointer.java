package org.actorgrad.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.Consumer;
import org.actorgrad.checkpoint.AsyncCheckpointWriter;
import org.actorgrad.checkpoint.CheckpointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the run's checkpoints: every N steps or every N epochs, a final one when the run ends,
 * and one when it fails, so the last good state survives. The coordinator only snapshots; a
 * background thread writes, so the step loop does not wait for the disk.
 */
public final class RunCheckpointer implements RunObserver, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunCheckpointer.class);

  /** How often: every {@code steps} steps, or every {@code epochs} epochs (one of them is 0). */
  public record Every(int steps, int epochs) {
    /** Parses {@code 1 epoch}, {@code 2 epochs}, {@code 500 steps}, {@code 500} (steps). */
    public static Every parse(String text) {
      String t = text.trim().toLowerCase(Locale.ROOT);
      String[] parts = t.split("\\s+");
      try {
        int n = Integer.parseInt(parts[0]);
        if (n < 1 || parts.length > 2) {
          throw new NumberFormatException();
        }
        String unit = parts.length == 2 ? parts[1] : "steps";
        return switch (unit) {
          case "step", "steps" -> new Every(n, 0);
          case "epoch", "epochs" -> new Every(0, n);
          default -> throw new NumberFormatException();
        };
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--checkpoint-every must be like '1 epoch', '2 epochs' or '500 steps', got '"
            + text + "'");
      }
    }
  }

  /**
   * Thrown by {@link #stepApplied} to end a run that was asked to stop; the run's trainer then
   * fails with this message, and {@link #stoppedAt} says which step was checkpointed.
   */
  public static final class Stopped extends RuntimeException {
    Stopped(String message) {
      super(message);
    }
  }

  private final CheckpointStore store;
  private final AsyncCheckpointWriter writer;
  private final Every every;
  private volatile Consumer<CheckpointStore.SaveResult> saved = r -> {};
  private volatile StopRequest stop = new StopRequest();
  private volatile long stoppedAt = -1;
  private volatile long lastSubmitted = -1;

  public RunCheckpointer(CheckpointStore store, Every every) {
    this.store = store;
    this.writer = new AsyncCheckpointWriter(store);
    this.every = every;
  }

  /** Also tells {@code listener} of each checkpoint once it is on disk (on the writer's thread). */
  public RunCheckpointer whenSaved(Consumer<CheckpointStore.SaveResult> listener) {
    this.saved = listener;
    return this;
  }

  /** Ends the run after the step in flight, with its checkpoint, once {@code request} is made. */
  public RunCheckpointer stopOn(StopRequest request) {
    this.stop = request;
    return this;
  }

  /** The step whose checkpoint was written because the run was asked to stop; -1 if it was not. */
  public long stoppedAt() {
    return stoppedAt;
  }

  /** The newest step whose checkpoint was handed to the writer (its file is {@code store.fileFor}); -1: none. */
  public long lastSubmitted() {
    return lastSubmitted;
  }

  @Override
  public void stepApplied(TrainingRun run, boolean epochEnded, double epochSeconds) {
    try {
      writer.throwIfFailed(); // a write that failed ends the run now, not at the next checkpoint
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    boolean due = every.steps() > 0
        ? run.globalStep() % every.steps() == 0
        : epochEnded && run.epoch() % every.epochs() == 0;
    // The run's last step ends it anyway: its end (test figures, model) is better than a stop.
    boolean stopping = stop.requested() && !run.finished();
    if (due || stopping) {
      submit(run, epochSeconds, null);
    }
    if (stopping) {
      stoppedAt = run.globalStep();
      throw new Stopped("stopped by " + stop.reason() + " after step " + run.globalStep());
    }
  }

  @Override
  public void finished(TrainingRun run, TrainingResult result) {
    submit(run, 0, new RunCheckpoint.Outcome(result.testLoss(), result.testAccuracy()));
  }

  @Override
  public void failed(TrainingRun run, double epochSeconds, String reason) {
    submit(run, epochSeconds, null);
    log.warn("the run stopped ({}); its last good state is checkpointed in {}", reason, store.dir());
  }

  private void submit(TrainingRun run, double epochSeconds, RunCheckpoint.Outcome outcome) {
    try {
      writer.submit(RunCheckpoint.of(run.plan(), run.snapshot(epochSeconds), outcome), run.globalStep())
          .thenAccept(r -> saved.accept(r));
      lastSubmitted = run.globalStep();
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e); // it names the file that failed
    }
  }

  /** What writing cost, for the summary line. */
  public String report() {
    AsyncCheckpointWriter.Stats s = writer.stats();
    if (s.writes() == 0) {
      return "no checkpoints written";
    }
    // Writes and files differ: keep-K pruning removes the older ones (the line said "6 checkpoints"
    // where 5 files remained).
    String kept;
    try {
      int files = store.all().size();
      kept = files + " kept" + (java.nio.file.Files.exists(store.bestFile()) ? " plus best.agc" : "");
    } catch (java.io.IOException e) {
      kept = "the files cannot be listed (" + e.getMessage() + ")";
    }
    return String.format(Locale.ROOT,
        "%d checkpoint%s written, %s in %s; %.1f MB each, %d ms per write on a background thread (max %d), "
            + "the step loop waited %d ms",
        s.writes(), s.writes() == 1 ? "" : "s", kept, store.dir(), s.bytes() / 1e6 / s.writes(),
        s.totalWriteMillis() / s.writes(), s.maxWriteMillis(), s.blockedMillis());
  }

  /** Waits for pending writes. */
  @Override
  public void close() throws IOException {
    writer.close();
  }
}
