package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Path;
import com.typesafe.config.ConfigFactory;
import org.actorgrad.cli.TrainCommandTest.Run;
import org.actorgrad.training.LocalTraining;
import org.actorgrad.training.Worker;
import org.actorgrad.training.TrainingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session's answer to a stop signal, in this JVM: the signal is delivered to what
 * {@link StopSignals} would stop ({@link StopSignals#target()}), as its handler does.
 */
class SignalStopTest {
  @TempDir Path tmp;

  /**
   * A failure that is not the stop keeps its own cause and exit code (before: any failure once a
   * stop was asked for was told as "stopped by SIGTERM", exit 143).
   */
  @Test
  void aNanLossDuringARequestedStopIsToldAsTheNanLoss() {
    Run r = TrainerWith.execute((run, listener, observer, tap) -> {
      listener.started(1, 10, 2, run.params().length);
      StopSignals.Target target = StopSignals.target();
      assertNotNull(target, "the session watches for signals while its run trains");
      assertTrue(target.stop("SIGTERM"), "a started run stops gracefully");
      throw new TrainingException("loss became NaN at epoch 1 step 1; try a lower --lr (now 100.0)");
    }, ShortRun.args(tmp.resolve("run"), "--epochs", "1"));
    assertFalse(r.code() == 143 || r.code() == 0, "exit " + r.code() + ": " + r.err());
    assertTrue(r.err().contains("loss became NaN at epoch 1 step 1"), r.err());
    assertFalse(r.err().contains("stopped by SIGTERM"), r.err());
  }

  /** Output that, when the run's summary is printed, delivers SIGTERM as the handler would then. */
  static final class SignalAtSummary extends StringWriter {
    Boolean stoppedGracefully; // null: no signal delivered; false: nothing to stop, the process would exit 143

    @Override
    public void flush() {
      if (stoppedGracefully == null && toString().contains("weights sha256")) {
        StopSignals.Target target = StopSignals.target();
        stoppedGracefully = target != null && target.stop("SIGTERM");
      }
    }
  }

  /**
   * A signal while the run's end is written (the metrics' last line and chart, the summary) lets
   * it finish, exit 0 (before: the watch had closed, and the process exited 143 with "stopped by
   * SIGTERM" on a finished run).
   */
  @Test
  void aSignalWhileTheRunsEndIsWrittenLetsItFinish() {
    SignalAtSummary out = new SignalAtSummary();
    Run r = TrainerWith.execute((run, listener, observer, tap) ->
        LocalTraining.run(run, listener, observer, Worker::create, ConfigFactory.empty(), tap),
        out, ShortRun.args(tmp.resolve("run"), "--epochs", "1"));
    assertEquals(0, r.code(), r.err());
    assertEquals(Boolean.TRUE, out.stoppedGracefully, "a signal at the summary is the session's: " + r.err());
    assertTrue(r.err().contains("SIGTERM: the run is ending; its files are being written"), r.err());
  }
}
