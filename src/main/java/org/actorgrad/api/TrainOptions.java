package org.actorgrad.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.actorgrad.checkpoint.OutputPaths;
import org.actorgrad.data.DataSource;
import org.actorgrad.data.Dataset;
import org.actorgrad.data.Splits;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.optim.LearningRateSchedule;
import org.actorgrad.optim.OptimizerSpec;
import org.actorgrad.training.MathOptions;
import org.actorgrad.training.RunCheckpointer;
import org.actorgrad.training.TrainingConfig;

/**
 * The options of a training run from Java: the command line's options of the same names
 * ({@code --batch-size} is {@link Builder#batchSize}), with the same defaults, read from the same
 * file (config/trainer.conf in the jar, and the environment variables it names). Start from
 * {@link #builder()}.
 *
 * <p>{@code data} names a folder of the four IDX files, a folder of images in torchvision's
 * ImageFolder layout ({@code train/<class>/}, {@code test/<class>/}), or a training {@code .csv}
 * file (with {@code testData}), told apart as the command line tells them ({@link #dataSource()});
 * null: the data set's usual folder ({@code dataset/<name>/} under the working directory or system
 * property {@code actorgrad.home}), downloaded when missing. {@code datasetGiven}: whether
 * {@link Builder#dataset} was called; if not, a run with {@code data} is named after its folder or
 * file, as on the command line. {@code modelOut}
 * null: the model is returned but not saved. {@code checkpointDir} null: no checkpoints.
 * {@code partitions}, {@code workers}, {@code threads} 0 and {@code validation} -1 mean what
 * they mean on the command line (the worker count; available processors; 5,000 of 60,000, scaled).
 * The command line's output files (metrics, chart) and {@code --resume} are not part of the API.
 */
public record TrainOptions(
    String dataset,
    boolean datasetGiven,
    Path data,
    Path testData,
    int classes,
    String shape,
    int channels,
    String resize,
    String layers,
    String loss,
    String optimizer,
    float lr,
    String schedule,
    int epochs,
    int batchSize,
    int partitions,
    long seed,
    int validation,
    int limit,
    int workers,
    int threads,
    Duration stepTimeout,
    Path modelOut,
    Path checkpointDir,
    String checkpointEvery,
    int keep) {

  /** A builder holding the command line's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Where the data comes from: the same {@link DataSource} the command line's options make. */
  public DataSource dataSource() {
    return new DataSource(dataset, datasetGiven || data == null, data, testData, classes, shape, channels, resize);
  }

  /**
   * The run's configuration for a training file of {@code trainCount} samples (the default
   * validation size depends on it): the one place where the options become a run, used by
   * {@link Training} and by the command line alike, so they cannot drift apart.
   *
   * @throws IllegalArgumentException naming the option at fault (as {@code --epochs} etc.)
   */
  public TrainingConfig config(int trainCount) {
    int available = limit > 0 ? Math.min(limit, trainCount) : trainCount;
    return config(math(validation >= 0 ? validation : Splits.defaultValidation(available)));
  }

  /**
   * Checks every option that can be checked without the data, and that {@code modelOut} and
   * {@code checkpointDir} (when given) can be written: before any download or training, so a typo
   * or an unwritable path fails at once and never after the run it was meant to keep.
   *
   * @throws IllegalArgumentException naming the option at fault, in the command line's words
   */
  public void validate() {
    MathOptions m = math(Math.max(0, validation));
    config(m);
    // The class count comes from the data, later (DataSource.requireOutputs); here it is not known.
    NetworkSpec.check(NetworkSpec.UNKNOWN_CLASSES, m.layers(), m.loss());
    OptimizerSpec.parse(m.optimizer());
    LearningRateSchedule.parse(m.schedule(), m.lr(), Long.MAX_VALUE / 2);
    RunCheckpointer.Every.parse(checkpointEvery);
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("--channels " + channels + ": expected 1 (grey) or 3 (red, green, blue)");
    }
    if (classes != 0 && (classes < 2 || classes > Dataset.MAX_CLASSES)) { // ClassList's bounds, checked before any download
      throw new IllegalArgumentException("--classes " + classes + ": expected 2 to " + Dataset.MAX_CLASSES
          + " (or 0: from the data)");
    }
    if (keep < 1) {
      throw new IllegalArgumentException("--keep must be at least 1, got " + keep);
    }
    if (modelOut != null) {
      OutputPaths.requireFile("--model-out", modelOut);
    }
    if (checkpointDir != null) {
      OutputPaths.requireFolder("--checkpoint-dir", checkpointDir);
    }
  }

  /** The math options, with {@code validationSamples} held out (the one place listing them positionally). */
  private MathOptions math(int validationSamples) {
    return new MathOptions(layers, loss, optimizer, lr, schedule, batchSize,
        partitions == 0 ? Math.max(1, workerCount()) : partitions, seed, validationSamples, limit);
  }

  private TrainingConfig config(MathOptions math) {
    return new TrainingConfig(math, epochs, workerCount(),
        threads == 0 ? Runtime.getRuntime().availableProcessors() : threads, stepTimeout);
  }

  /** The size of the last layer of {@code spec} (10 for 128:relu,10:softmax), or 0 if unreadable. */
  private int workerCount() {
    return workers == 0 ? Runtime.getRuntime().availableProcessors() : workers;
  }

  /** Builds {@link TrainOptions}; every setter is named after its command-line option. */
  public static final class Builder {
    private String dataset;
    private boolean datasetGiven;
    private Path data;
    private Path testData;
    private int classes;
    private String shape;
    private int channels = 1;
    private String resize;
    private String layers;
    private String loss;
    private String optimizer;
    private float lr;
    private String schedule;
    private int epochs;
    private int batchSize;
    private int partitions;
    private long seed;
    private int validation;
    private int limit;
    private int workers;
    private int threads;
    private Duration stepTimeout;
    private Path modelOut;
    private Path checkpointDir;
    private String checkpointEvery;
    private int keep;

    private Builder() {
      Config c = ConfigFactory.parseResources("config/trainer.conf").resolve().getConfig("actorgrad.training");
      dataset = c.getString("dataset");
      String dir = c.getString("data");
      data = dir.isBlank() ? null : Path.of(dir);
      layers = c.getString("layers");
      loss = c.getString("loss");
      optimizer = c.getString("optimizer");
      lr = (float) c.getDouble("lr");
      schedule = c.getString("schedule");
      epochs = c.getInt("epochs");
      batchSize = c.getInt("batch-size");
      partitions = c.getInt("partitions");
      seed = c.getLong("seed");
      validation = c.getInt("validation");
      limit = c.getInt("limit");
      workers = c.getInt("workers");
      threads = c.getInt("threads");
      stepTimeout = c.getDuration("step-timeout");
      checkpointEvery = c.getString("checkpoint-every");
      keep = c.getInt("keep");
    }

    /** {@code --dataset}: mnist or fashion-mnist; with {@link #data}, any name (default: its folder's or file's). */
    public Builder dataset(String name) {
      this.dataset = name;
      this.datasetGiven = true;
      return this;
    }

    /**
     * {@code --data}: a folder holding the four IDX files, a folder with {@code train/<class>/} and
     * {@code test/<class>/} images, or a training {@code .csv} file (label, then pixels 0-255, per
     * row) with {@link #testData}; null: the usual folder, else download.
     */
    public Builder data(Path folderOrFile) {
      this.data = folderOrFile;
      return this;
    }

    /** {@code --test-data}: the test CSV file, with a CSV {@link #data}. */
    public Builder testData(Path file) {
      this.testData = file;
      return this;
    }

    /** {@code --classes}: labels are 0..K-1 (0: classes.txt beside the data, else the largest label + 1). */
    public Builder classes(int k) {
      this.classes = k;
      return this;
    }

    /** {@code --shape}: a CSV row's image, {@code HxW} or {@code CxHxW} (null: square, one channel). */
    public Builder shape(String shape) {
      this.shape = shape;
      return this;
    }

    /** {@code --channels}: image folders, 1 for grey (BT.601 luma) or 3 for red, green, blue. */
    public Builder channels(int count) {
      this.channels = count;
      return this;
    }

    /** {@code --resize}: image folders, every image resized to {@code HxW} by area averaging (null: one size). */
    public Builder resize(String size) {
      this.resize = size;
      return this;
    }

    /** {@code --layers}: e.g. {@code 128:relu,10:softmax}. */
    public Builder layers(String spec) {
      this.layers = spec;
      return this;
    }

    /** {@code --loss}: cross-entropy or mse. */
    public Builder loss(String name) {
      this.loss = name;
      return this;
    }

    /** {@code --optimizer}: sgd, momentum, nesterov, adam or rmsprop. */
    public Builder optimizer(String name) {
      this.optimizer = name;
      return this;
    }

    /** {@code --lr}: the learning rate. */
    public Builder lr(float rate) {
      this.lr = rate;
      return this;
    }

    /** {@code --schedule}: constant, step:gamma=0.5,every=1000, cosine; add ,warmup=N. */
    public Builder schedule(String spec) {
      this.schedule = spec;
      return this;
    }

    /** {@code --epochs}. */
    public Builder epochs(int count) {
      this.epochs = count;
      return this;
    }

    /** {@code --batch-size}: samples per step over all partitions. */
    public Builder batchSize(int samples) {
      this.batchSize = samples;
      return this;
    }

    /** {@code --partitions}: P, which fixes the math (0: the worker count). */
    public Builder partitions(int count) {
      this.partitions = count;
      return this;
    }

    /** {@code --seed}: of everything random. */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** {@code --validation}: training samples held out (-1: 5,000 of 60,000, scaled). */
    public Builder validation(int samples) {
      this.validation = samples;
      return this;
    }

    /** {@code --limit}: train on the first N training samples only (0: all). */
    public Builder limit(int samples) {
      this.limit = samples;
      return this;
    }

    /** {@code --workers}: worker actors (0: available processors); never changes the weights. */
    public Builder workers(int count) {
      this.workers = count;
      return this;
    }

    /** {@code --threads}: threads computing gradients (0: available processors). */
    public Builder threads(int count) {
      this.threads = count;
      return this;
    }

    /** {@code --step-timeout}: a worker silent this long is treated as failed. */
    public Builder stepTimeout(Duration timeout) {
      this.stepTimeout = timeout;
      return this;
    }

    /** {@code --model-out}: where to save the trained model (null: not saved). */
    public Builder modelOut(Path file) {
      this.modelOut = file;
      return this;
    }

    /** {@code --checkpoint-dir}: where checkpoints go (null: none written). */
    public Builder checkpointDir(Path folder) {
      this.checkpointDir = folder;
      return this;
    }

    /** {@code --checkpoint-every}: '1 epoch', '2 epochs' or '500 steps'. */
    public Builder checkpointEvery(String every) {
      this.checkpointEvery = every;
      return this;
    }

    /** {@code --keep}: checkpoints kept besides the best. */
    public Builder keep(int count) {
      this.keep = count;
      return this;
    }

    public TrainOptions build() {
      return new TrainOptions(dataset, datasetGiven, data, testData, classes, shape, channels, resize, layers, loss, optimizer, lr, schedule, epochs, batchSize,
          partitions, seed, validation, limit, workers, threads, stepTimeout, modelOut, checkpointDir,
          checkpointEvery, keep);
    }
  }
}
