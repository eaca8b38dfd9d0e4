package org.actorgrad.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.actorgrad.data.LoadedData;
import org.actorgrad.data.Splits;
import org.actorgrad.training.LocalTraining;
import org.actorgrad.training.TrainingConfig;
import org.actorgrad.training.TrainingPlan;
import org.actorgrad.training.TrainingResult;
import org.actorgrad.training.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code trainer [options]}: trains a network data-parallel on worker actors. */
@Command(
    name = "trainer",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Trains a feedforward network data-parallel on worker actors.",
        "The same seed and partitions give bit-identical weights whatever the worker count."})
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--workers", description = "worker actors (default: available processors)")
  int workers;

  @Option(names = "--partitions",
      description = "data partitions P: they, not the workers, define the math (default: the worker count)")
  int partitions;

  @Option(names = "--epochs", description = "epochs to train (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch-size", description = "samples per step, over all partitions (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--lr", description = "learning rate (default: ${DEFAULT-VALUE})")
  float lr;

  @Option(names = "--optimizer", description = "sgd, momentum, nesterov, adam or rmsprop (default: ${DEFAULT-VALUE})")
  String optimizer;

  @Option(names = "--schedule",
      description = "learning-rate schedule: constant, step:gamma=0.5,every=1000, cosine; add ,warmup=N (default: ${DEFAULT-VALUE})")
  String schedule;

  @Option(names = "--layers", description = "layers after the input, size:activation[:dropout=p],... (default: ${DEFAULT-VALUE})")
  String layers;

  @Option(names = "--loss", description = "cross-entropy or mse (default: ${DEFAULT-VALUE})")
  String loss;

  @Option(names = "--seed", description = "seed of everything random (default: ${DEFAULT-VALUE})")
  long seed;

  @Mixin DataOptions data;

  @Option(names = "--validation", description = "training samples held out for validation (default: 5,000 of 60,000, scaled)")
  int validation;

  @Option(names = "--limit", description = "train on the first N training samples only (0: all)")
  int limit;

  @Option(names = "--threads", description = "threads computing gradients (default: available processors)")
  int threads;

  @Option(names = "--step-timeout", description = "a worker silent for this long is treated as failed (default: ${DEFAULT-VALUE})")
  String stepTimeout;

  @Option(names = "--run-dir", description = "folder for the model, metrics and checkpoints (default: ${DEFAULT-VALUE})")
  Path runDir;

  @Option(names = "--model-out", description = "where to save the trained model (default: <run-dir>/model.agc)")
  Path modelOut;

  @Option(names = "--metrics", description = "JSON-lines metrics file; a PNG chart is written beside it (default: <run-dir>/metrics.jsonl)")
  Path metrics;

  @Option(names = "--no-progress", description = "no progress bar, only one line per epoch")
  boolean noProgress;

  @Option(names = "--config", paramLabel = "FILE", description = "HOCON file with defaults for these options")
  String configFile;

  @Option(names = "--verbose", description = "stack traces on errors")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    TrainingConfig config = trainingConfigWithoutData();
    Console console = new Console(spec.commandLine().getOut(), !noProgress && System.console() != null);
    LoadedData loaded = data.load(console.interactive());
    config = withDataDefaults(config, loaded.train().count());
    Path model = modelOut != null ? modelOut : runDir.resolve("model.agc");
    Path metricsFile = metrics != null ? metrics : runDir.resolve("metrics.jsonl");
    TrainingPlan plan = TrainingPlan.create(config, loaded);
    plan.network().spec().warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
    console.header(data.dataset, loaded, plan);
    MetricsFile metricsOut = MetricsFile.create(metricsFile);
    TrainingResult result = LocalTraining.run(TrainingRun.start(plan), console.listener(metricsOut));
    ModelFile.save(model, plan, result);
    metricsOut.finish(result);
    console.summary(result, model, metricsFile);
    return 0;
  }

  private TrainingConfig trainingConfigWithoutData() {
    int cores = Runtime.getRuntime().availableProcessors();
    int w = workers == 0 ? cores : workers;
    return new TrainingConfig(layers, loss, optimizer, lr, schedule, epochs, batchSize,
        partitions == 0 ? Math.max(1, w) : partitions, seed, Math.max(0, validation), limit, w,
        threads == 0 ? cores : threads, parseDuration(stepTimeout));
  }

  private TrainingConfig withDataDefaults(TrainingConfig c, int trainCount) {
    if (validation >= 0) {
      return c;
    }
    int available = limit > 0 ? Math.min(limit, trainCount) : trainCount;
    return new TrainingConfig(c.layers(), c.loss(), c.optimizer(), c.learningRate(), c.schedule(),
        c.epochs(), c.batchSize(), c.partitions(), c.seed(), Splits.defaultValidation(available),
        c.limit(), c.workers(), c.threads(), c.stepTimeout());
  }

  static Duration parseDuration(String text) {
    try {
      return Duration.ofMillis(com.typesafe.config.ConfigFactory.parseString("d = " + text)
          .getDuration("d").toMillis());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a duration: '" + text + "' (examples: 30s, 2m, 500ms)");
    }
  }

  static void ensureParent(Path file) throws java.io.IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }
}
