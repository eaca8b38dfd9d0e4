package org.actorgrad.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.actorgrad.data.Splits;
import org.actorgrad.training.MathOptions;
import org.actorgrad.training.TrainingConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of a training run, shared by {@code trainer} and {@code trainer coordinator}. Those
 * that define the math mirror {@link MathOptions}: option {@code --batch-size} for component
 * {@code batchSize}, of the same type ({@code MathOptionsTest} checks it).
 */
final class TrainingOptions {
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

  @Option(names = "--resume", arity = "0..1", fallbackValue = "", paramLabel = "CHECKPOINT",
      description = "continue a run: from the latest valid checkpoint in --checkpoint-dir, or from CHECKPOINT")
  String resume;

  @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "where checkpoints go (default: <run-dir>/checkpoints)")
  String checkpointDir;

  @Option(names = "--checkpoint-every", description = "'1 epoch', '2 epochs' or '500 steps' (default: ${DEFAULT-VALUE})")
  String checkpointEvery;

  @Option(names = "--keep", description = "checkpoints kept besides the best (default: ${DEFAULT-VALUE})")
  int keep;

  @Option(names = "--no-progress", description = "no progress bar, only one line per epoch")
  boolean noProgress;

  @Option(names = "--config", paramLabel = "FILE", description = "HOCON file with defaults for these options")
  String configFile;

  @Option(names = "--verbose", description = "stack traces on errors")
  boolean verbose;

  /**
   * Checks every option that can be checked without the data, so a typo fails at once and
   * never after a download.
   */
  void validate() {
    MathOptions m = math(Math.max(0, validation));
    trainingConfig(m);
    // The class count comes from the data, later; here the layers are checked against their own last size.
    org.actorgrad.model.NetworkSpec.parse(1, Math.max(2, DataOptions.outputs(m.layers())), m.layers(), m.loss());
    org.actorgrad.optim.OptimizerSpec.parse(m.optimizer());
    org.actorgrad.optim.LearningRateSchedule.parse(m.schedule(), m.lr(), Long.MAX_VALUE / 2);
    org.actorgrad.training.RunCheckpointer.Every.parse(checkpointEvery);
    if (keep < 1) {
      throw new IllegalArgumentException("--keep must be at least 1, got " + keep);
    }
    validateOutputs();
  }

  /** Where the run writes: checked now, not when the first checkpoint or the model is written. */
  private void validateOutputs() {
    boolean defaultCheckpoints = checkpointDir == null || checkpointDir.isBlank();
    if (modelOut == null || metrics == null || defaultCheckpoints) {
      OutputPaths.requireFolder("--run-dir", runDir);
    }
    if (!defaultCheckpoints) {
      OutputPaths.requireFolder("--checkpoint-dir", Path.of(checkpointDir));
    }
    if (modelOut != null) {
      OutputPaths.requireFile("--model-out", modelOut);
    }
    if (metrics != null) {
      OutputPaths.requireFile("--metrics", metrics);
    }
  }

  /** The run's configuration; {@code trainCount} scales the default validation set. */
  TrainingConfig config(int trainCount) {
    int available = limit > 0 ? Math.min(limit, trainCount) : trainCount;
    return trainingConfig(math(validation >= 0 ? validation : Splits.defaultValidation(available)));
  }

  /** The math options as given (the one place that lists them positionally). */
  private MathOptions math(int validationSamples) {
    return new MathOptions(layers, loss, optimizer, lr, schedule, batchSize,
        partitions == 0 ? Math.max(1, workerCount()) : partitions, seed, validationSamples, limit);
  }

  private TrainingConfig trainingConfig(MathOptions math) {
    return new TrainingConfig(math, epochs, workerCount(), threadCount(), stepTimeoutDuration());
  }

  Path modelPath() {
    return modelOut != null ? modelOut : runDir.resolve("model.agc");
  }

  Path checkpointPath() {
    return checkpointDir == null || checkpointDir.isBlank() ? runDir.resolve("checkpoints") : Path.of(checkpointDir);
  }

  int workerCount() {
    return workers == 0 ? Runtime.getRuntime().availableProcessors() : workers;
  }

  int threadCount() {
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }

  Duration stepTimeoutDuration() {
    return parseDuration(stepTimeout);
  }

  Path metricsPath() {
    return metrics != null ? metrics : runDir.resolve("metrics.jsonl");
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
