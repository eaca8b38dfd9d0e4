package org.actorgrad.cli;

import java.io.PrintWriter;
import java.util.List;
import org.actorgrad.checkpoint.CheckpointStore;
import org.actorgrad.data.DataSource;
import org.actorgrad.data.LoadedData;
import org.actorgrad.model.KernelWarmup;
import org.actorgrad.training.RunCheckpoint;
import org.actorgrad.training.RunCheckpointer;
import org.actorgrad.training.RunObserver;
import org.actorgrad.training.RunTap;
import org.actorgrad.training.TrainingException;
import org.actorgrad.training.TrainingConfig;
import org.actorgrad.training.TrainingListener;
import org.actorgrad.training.TrainingPlan;
import org.actorgrad.training.TrainingResult;
import org.actorgrad.training.TrainingRun;
import org.actorgrad.ui.Fanout;
import org.actorgrad.ui.LiveRun;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** One training run from the command line: data, plan, train (or resume), save, report. */
final class TrainingSession {
  /** How the run's workers are found: actors in this JVM, or a cluster. */
  interface Trainer {
    /** {@code tap}: wraps the run's actors for the live page ({@link RunTap#NONE} without {@code --ui}). */
    TrainingResult train(TrainingRun run, TrainingListener listener, RunObserver observer, RunTap tap);
  }

  private TrainingSession() {}

  static int run(TrainingOptions o, UiOptions ui, CommandSpec spec, Trainer trainer) throws Exception {
    ParseResult given = spec.commandLine().getParseResult();
    requirePositiveCounts(given, spec.name().equals("coordinator") ? List.of("--partitions", "--threads")
        : List.of("--workers", "--partitions", "--threads"));
    o.validate();
    if (ui.enabled()) {
      ui.requireFree(); // before the data is loaded, not after
    }
    RunCheckpointer.Every every = RunCheckpointer.Every.parse(o.checkpointEvery);
    // Locks the run's folder before anything in it is read: a second process on it is told the
    // first's pid and has chosen nothing. Reads only otherwise: a failed start leaves nothing behind.
    try (RunOutputs outputs = RunOutputs.decide(o)) {
      try {
        return start(o, ui, spec, trainer, outputs, every);
      } catch (Throwable failed) {
        outputs.abandonIfEmpty();
        throw failed;
      }
    }
  }

  /** The run under its folder's lock: what to resume, the data, the plan, then {@link #train}. */
  private static int start(TrainingOptions o, UiOptions ui, CommandSpec spec, Trainer trainer, RunOutputs outputs,
      RunCheckpointer.Every every) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ParseResult given = spec.commandLine().getParseResult();
    RunCheckpoint.Run resumed = null;
    if (o.resume != null) {
      resumed = Resumption.find(outputs.resumeSource(), err);
      outputs.resuming(resumed.header().runId());
      if (outputs.resumeNote() != null) {
        out.println(outputs.resumeNote());
      }
      Resumption.requireSameMath(resumed.header(), given);
      if (o.data.dataset == null || !given.hasMatchedOption("--dataset")) {
        o.data.dataset = resumed.header().data().dataset();
      }
    }
    Console console = new Console(out, !o.noProgress && System.console() != null);
    // A resumed run keeps its data set's name (taken from the checkpoint above), and without --data
    // reads the data from where the run read it (never a download of a set it did not train on).
    LoadedData loaded = resumed != null ? o.data.loadFor(resumed.header().data(), null, console.interactive())
        : o.data.load(given, console.interactive());
    TrainingConfig config;
    if (resumed != null) {
      config = Resumption.config(resumed, o, given);
      if (resumed.header().finished() && config.epochs() <= resumed.state().epoch()) {
        // Killed between its final checkpoint and the rest of its end: complete that end.
        outputs.claim(); // no other process writes this run's end meanwhile
        RunEnd.complete(resumed, outputs.modelPath(), outputs.metricsPath(), out);
        Resumption.printFinished(resumed, out);
        return 0;
      }
      String stored = resumed.header().data().sha256();
      if (!loaded.fingerprint().equals(stored)) {
        throw new IllegalArgumentException("the data set differs from the one the resumed run trained on"
            + " (sha256 " + loaded.fingerprint().substring(0, 12) + "... vs " + stored.substring(0, 12)
            + "...): point --data at the same files");
      }
    } else {
      config = o.config(loaded.train().count());
    }
    DataSource.requireOutputs(loaded, config.layers());
    TrainingPlan plan = TrainingPlan.create(config, loaded, outputs.runId());
    // Before the weights are allocated and the folder claimed: a network this JVM cannot hold gets
    // one line, not an OutOfMemoryError inside a worker and an empty run folder.
    TrainingMemory.require(plan.network(), plan.setup().maxBatch(), config.partitions(),
        Math.max(0, config.workers() - o.remoteWorkers), Runtime.getRuntime());
    plan.network().spec().warnings().forEach(w -> err.println("warning: " + w));
    console.header(plan.datasetName(), loaded, plan);
    TrainingRun run = resumed == null ? TrainingRun.start(plan) : TrainingRun.resume(plan, resumed.state());
    if (resumed != null) {
      out.printf("resuming at epoch %d, step %d of %d%n", run.epoch() + 1, run.stepInEpoch() + 1,
          plan.epochPlan().stepsPerEpoch());
    }
    outputs.claim(); // the run's folder and its lock: from here on, files are written
    return train(o, ui, spec, trainer, outputs, run, console, every);
  }

  /**
   * The run in its claimed folder: checkpoints, metrics, the live page, the model.
   *
   * @return the exit code: 0, or 143/130 when a stop signal ended the run after a checkpoint
   */
  private static int train(TrainingOptions o, UiOptions ui, CommandSpec spec, Trainer trainer, RunOutputs outputs,
      TrainingRun run, Console console, RunCheckpointer.Every every) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TrainingPlan plan = run.plan();
    CheckpointStore store = new CheckpointStore(outputs.checkpointDir(), o.keep);
    MetricsFile metrics = MetricsFile.create(outputs.metricsPath(), run.history(), plan.config().epochs());
    outputs.announce();
    boolean named = outputs.folder().getFileName() != null
        && outputs.folder().getFileName().toString().equals(outputs.runId());
    out.println("run folder " + outputs.folder() + (named ? "" : " (run id " + outputs.runId() + ")"));
    // The watch lasts until the run's end is written (the metrics' last line, the chart): a signal
    // there lets it finish rather than exiting 143 on a run that is complete.
    try (SignalStop stop = SignalStop.watch(run, err, outputs::abandonIfEmpty)) {
      TrainingResult result;
      // Not on a coordinator: its workers compute in other JVMs, which start on the same cores meanwhile.
      try (KernelWarmup warmup = spec.name().equals("coordinator") ? null : Warmups.start(plan);
          RunCheckpointer checkpointer = new RunCheckpointer(store, every).stopOn(stop.request());
          LiveRun live = ui.enabled() ? UiOptions.open(ui.address(), o.data.dataset, run) : null) {
        // The stop's listener first: after a signal before the start it ends the run before anything hears of it.
        TrainingListener listener = Fanout.listeners(stop.listener(), console.listener(metrics));
        listener = Warmups.stopAtFirstStep(listener, warmup);
        RunObserver observer = Fanout.observers(checkpointer, RunEnd.modelWriter(outputs.modelPath()));
        RunTap tap = RunTap.NONE;
        if (live != null) {
          out.println("live page at " + live.address() + " (Prometheus metrics at " + live.address() + "metrics)");
          out.flush();
          listener = Fanout.listeners(listener, live.listener());
          observer = Fanout.observers(observer, live.observer());
          tap = live.tap();
          checkpointer.whenSaved(live::checkpointSaved);
        }
        try {
          result = trainer.train(run, listener, observer, tap);
        } catch (TrainingException e) {
          return stop.stoppedOrRethrow(e, checkpointer, store); // SIGTERM, Ctrl-C: 143, 130
        } finally {
          metrics.chartSoFar(); // a stopped or failed run's chart shows its epochs, as a finished run's does
        }
        checkpointer.close();
        out.println(checkpointer.report());
      }
      metrics.finish(result); // the model is written: RunEnd.modelWriter
      console.summary(result, outputs.modelPath(), outputs.metricsPath());
      return 0;
    }
  }

  /**
   * A count typed on the command line must be at least 1: the configuration's 0 means "as many as
   * the machine has" (or, for partitions, "as many as the workers"), and a typed 0 taken that way
   * would train with a count the user did not ask for. (A coordinator's {@code --workers 0} means
   * no local workers, and is allowed there.)
   */
  private static void requirePositiveCounts(ParseResult given, List<String> options) {
    for (String option : options) {
      if (given.hasMatchedOption(option)) {
        int value = given.matchedOptionValue(option, 1);
        if (value < 1) {
          throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
      }
    }
  }
}
