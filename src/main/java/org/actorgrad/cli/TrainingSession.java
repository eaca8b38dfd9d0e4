package org.actorgrad.cli;

import java.io.PrintWriter;
import org.actorgrad.data.LoadedData;
import org.actorgrad.training.TrainingConfig;
import org.actorgrad.training.TrainingListener;
import org.actorgrad.training.TrainingPlan;
import org.actorgrad.training.TrainingResult;
import org.actorgrad.training.TrainingRun;
import picocli.CommandLine.Model.CommandSpec;

/** One training run from the command line: data, plan, train, save, report. */
final class TrainingSession {
  /** How the run's workers are found: actors in this JVM, or a cluster. */
  interface Trainer {
    TrainingResult train(TrainingRun run, TrainingListener listener);
  }

  private TrainingSession() {}

  static int run(TrainingOptions options, CommandSpec spec, Trainer trainer) throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Console console = new Console(spec.commandLine().getOut(), !options.noProgress && System.console() != null);
    LoadedData loaded = options.data.load(console.interactive());
    TrainingConfig config = options.config(loaded.train().count());
    TrainingPlan plan = TrainingPlan.create(config, loaded);
    plan.network().spec().warnings().forEach(w -> err.println("warning: " + w));
    console.header(options.data.dataset, loaded, plan);
    MetricsFile metrics = MetricsFile.create(options.metricsPath());
    TrainingRun run = TrainingRun.start(plan);
    TrainingResult result = trainer.train(run, console.listener(metrics));
    ModelFile.save(options.modelPath(), run, result);
    metrics.finish(result);
    console.summary(result, options.modelPath(), options.metricsPath());
    return 0;
  }
}
