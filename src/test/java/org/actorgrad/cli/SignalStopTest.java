package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import com.typesafe.config.ConfigFactory;
import org.actorgrad.testing.Datasets;
import org.actorgrad.training.LocalTraining;
import org.actorgrad.training.Worker;
import org.actorgrad.training.TrainingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A session's answer to a stop signal, in this JVM: the signal is delivered to what
 * {@link StopSignals} would stop ({@link StopSignals#target()}), as its handler does.
 */
class SignalStopTest {
  @TempDir Path tmp;

  /** {@code trainer} whose run starts, is asked to stop by SIGTERM, and then fails with a NaN loss. */
  @Command(name = "trainer")
  static final class NanDuringStop implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TrainingOptions options;
    @Mixin UiOptions ui;

    @Override
    public Integer call() throws Exception {
      return TrainingSession.run(options, ui, spec, (run, listener, observer, tap) -> {
        listener.started(1, 10, 2, run.params().length);
        StopSignals.Target target = StopSignals.target();
        assertNotNull(target, "the session watches for signals while its run trains");
        assertTrue(target.stop("SIGTERM"), "a started run stops gracefully");
        throw new TrainingException("loss became NaN at epoch 1 step 1; try a lower --lr (now 100.0)");
      });
    }
  }

  /**
   * A failure that is not the stop keeps its own cause and exit code (before: any failure once a
   * stop was asked for was told as "stopped by SIGTERM", exit 143).
   */
  @Test
  void aNanLossDuringARequestedStopIsToldAsTheNanLoss() {
    String[] a = {"--data", Datasets.mnistOrSynthetic().toString(), "--limit", "600", "--layers", "8:relu,10:softmax",
        "--batch-size", "50", "--workers", "2", "--partitions", "2", "--epochs", "1",
        "--run-dir", tmp.resolve("run").toString(), "--no-progress"};
    CommandLine cli = new CommandLine(new NanDuringStop());
    cli.setDefaultValueProvider(Settings.load(a).defaults());
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("error: " + e.getMessage());
      return UserErrors.exitCode(e);
    });
    int code = cli.execute(a);
    assertFalse(code == 143 || code == 0, "exit " + code + ": " + err);
    assertTrue(err.toString().contains("loss became NaN at epoch 1 step 1"), err.toString());
    assertFalse(err.toString().contains("stopped by SIGTERM"), err.toString());
  }

  /** {@code trainer}, a plain local run. */
  @Command(name = "trainer")
  static final class Plain implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TrainingOptions options;
    @Mixin UiOptions ui;

    @Override
    public Integer call() throws Exception {
      return TrainingSession.run(options, ui, spec, (run, listener, observer, tap) ->
          LocalTraining.run(run, listener, observer, Worker::create, ConfigFactory.empty(), tap));
    }
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
    String[] a = {"--data", Datasets.mnistOrSynthetic().toString(), "--limit", "600", "--layers", "8:relu,10:softmax",
        "--batch-size", "50", "--workers", "2", "--partitions", "2", "--epochs", "1",
        "--run-dir", tmp.resolve("run").toString(), "--no-progress"};
    CommandLine cli = new CommandLine(new Plain());
    cli.setDefaultValueProvider(Settings.load(a).defaults());
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    SignalAtSummary out = new SignalAtSummary();
    cli.setOut(new PrintWriter(out, true));
    assertEquals(0, cli.execute(a), err.toString());
    assertEquals(Boolean.TRUE, out.stoppedGracefully, "a signal at the summary is the session's: " + err);
    assertTrue(err.toString().contains("SIGTERM: the run is ending; its files are being written"), err.toString());
  }
}
