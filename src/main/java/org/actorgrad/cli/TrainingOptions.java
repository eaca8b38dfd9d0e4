package org.actorgrad.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.actorgrad.api.TrainOptions;
import org.actorgrad.checkpoint.OutputPaths;
import org.actorgrad.checkpoint.RunsFolder;
import org.actorgrad.training.TrainingConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of a training run, shared by {@code trainer} and {@code trainer coordinator}. Those
 * that define the math mirror {@link org.actorgrad.training.MathOptions}: option {@code --batch-size} for component
 * {@code batchSize}, of the same type ({@code MathOptionsTest} checks it).
 */
final class TrainingOptions {
  @Option(names = "--workers", description = "worker actors (default: available processors)")
  int workers;

  /** Of {@link #workers}, those in other JVMs (a coordinator's remote ones): their engines are not built here. */
  int remoteWorkers;

  @Option(names = "--partitions",
      description = "data partitions P: they, not the workers, define the math (default: the worker count)")
  int partitions;

  @Option(names = "--epochs", description = "epochs to train (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch-size", description = "samples per step, over all partitions (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--lr", description = "learning rate (default: ${DEFAULT-VALUE})")
  float lr;

  @Option(names = "--optimizer", paramLabel = "NAME[:key=value,...]", description = {
      "sgd, momentum, nesterov, adam or rmsprop (default: ${DEFAULT-VALUE}), with its settings after a colon:",
      "  sgd: weight_decay (0)",
      "  momentum, nesterov: momentum (0.9), weight_decay (0)",
      "  adam: beta1 (0.9), beta2 (0.999), eps (1e-8), weight_decay (0)",
      "  rmsprop: alpha (0.99, decay of the squared-gradient average), eps (1e-8), weight_decay (0)",
      "  e.g. momentum:momentum=0.95,weight_decay=5e-4 or adam:beta2=0.98,eps=1e-7; --lr and --schedule"
          + " set the learning rate of each"})
  String optimizer;

  @Option(names = "--schedule",
      description = "learning-rate schedule: constant, step:gamma=0.5,every=1000, cosine; add ,warmup=N (default: ${DEFAULT-VALUE})")
  String schedule;

  @Option(names = "--layers", description = {
      "layers after the input, comma-separated (default: ${DEFAULT-VALUE}):",
      "  dense: SIZE:activation[:dropout=p]",
      "  convolution: conv:FILTERS:KxK:activation[:stride=S][:padding=valid|same][:dropout=p]",
      "  max-pooling: maxpool:KxK[:stride=S] (stride defaults to K); a dense layer after a conv or pool flattens it",
      "  activations: relu, leaky_relu, tanh, sigmoid, linear, step, softmax",
      "  e.g. conv:32:3x3:relu,maxpool:2x2,conv:64:3x3:relu,maxpool:2x2,128:relu,10:softmax"})
  String layers;

  @Option(names = "--loss", description = "cross-entropy or mse (default: ${DEFAULT-VALUE})")
  String loss;

  @Option(names = "--seed", description = "seed of everything random (default: ${DEFAULT-VALUE})")
  long seed;

  @Mixin DataOptions data;

  @Option(names = "--validation", description = "training samples held out for validation, out of those --limit"
      + " keeps (default: one in twelve, 5,000 of 60,000; 0: none, and no validation accuracy)")
  int validation;

  @Option(names = "--limit", description = "use the first N training samples only (0: all); the validation share"
      + " comes out of them: --limit 1200 trains on 1,100 and validates on 100 (add --validation 0 to train on all N)")
  int limit;

  @Option(names = "--threads", description = "threads computing gradients (default: available processors)")
  int threads;

  @Option(names = "--step-timeout", description = "a worker silent for this long is treated as failed (default: ${DEFAULT-VALUE})")
  String stepTimeout;

  @Option(names = "--run-dir", paramLabel = "DIR",
      description = "the run's folder (model, metrics, checkpoints). A DIR named 'latest' is a pointer: each new"
          + " run gets a folder <id> beside it (UTC date-time and a random suffix) and latest points at the"
          + " newest. Any other DIR is the run's own: a new run is refused where another run's files are"
          + " (default: ${DEFAULT-VALUE})")
  Path runDir;

  @Option(names = "--model-out", description = "where to save the trained model (default: <run-dir>/model.agc)")
  Path modelOut;

  @Option(names = "--metrics", description = "JSON-lines metrics file; a PNG chart is written beside it (default: <run-dir>/metrics.jsonl)")
  Path metrics;

  @Option(names = "--resume", arity = "0..1", fallbackValue = "", paramLabel = "CHECKPOINT|DIR",
      description = "continue a run: alone, the newest run (runs/latest, or --run-dir, or --checkpoint-dir) from its"
          + " latest valid checkpoint; or from CHECKPOINT, or the latest valid checkpoint of run folder DIR")
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
   * never after a download: the library's checks ({@link TrainOptions#validate}), then the
   * outputs only the command line has.
   */
  void validate() {
    asTrainOptions().validate();
    boolean defaultCheckpoints = checkpointDir == null || checkpointDir.isBlank();
    if (modelOut == null || metrics == null || defaultCheckpoints) {
      // runs/latest may be a pointer file (no links on this file system): its folder is the one made
      OutputPaths.requireFolder("--run-dir", RunsFolder.isPointer(runDir) && runDir.getParent() != null
          ? runDir.getParent() : runDir);
    }
    if (metrics != null) {
      OutputPaths.requireFile("--metrics", metrics);
    }
  }

  /** The run's configuration, by the library's rules; {@code trainCount} scales the default validation set. */
  TrainingConfig config(int trainCount) {
    return asTrainOptions().config(trainCount);
  }

  /**
   * These options as the library's, for its one factory and its checks: {@code modelOut} and
   * {@code checkpointDir} only as given (their defaults under --run-dir are checked as --run-dir);
   * the data set is not carried (the command line reads it itself).
   */
  private TrainOptions asTrainOptions() {
    return TrainOptions.builder().layers(layers).loss(loss).optimizer(optimizer).lr(lr).schedule(schedule)
        .epochs(epochs).batchSize(batchSize).partitions(partitions).seed(seed).validation(validation)
        .limit(limit).workers(workers).threads(threads).stepTimeout(stepTimeoutDuration())
        .modelOut(modelOut).checkpointDir(checkpointDir == null || checkpointDir.isBlank() ? null : Path.of(checkpointDir))
        .checkpointEvery(checkpointEvery).keep(keep).build();
  }

  /** {@code --checkpoint-dir} when given, else null (the run folder's {@code checkpoints}). */
  Path givenCheckpointDir() {
    return checkpointDir == null || checkpointDir.isBlank() ? null : Path.of(checkpointDir);
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
