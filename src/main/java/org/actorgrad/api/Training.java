package org.actorgrad.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.actorgrad.checkpoint.AtomicFiles;
import org.actorgrad.checkpoint.Checkpoint;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.actorgrad.checkpoint.CheckpointStore;
import org.actorgrad.data.DataSource;
import org.actorgrad.data.LoadedData;
import org.actorgrad.training.LocalTraining;
import org.actorgrad.training.RunCheckpoint;
import org.actorgrad.training.RunCheckpointer;
import org.actorgrad.training.RunObserver;
import org.actorgrad.training.TrainingListener;
import org.actorgrad.training.TrainingPlan;
import org.actorgrad.training.TrainingResult;
import org.actorgrad.training.TrainingRun;

/**
 * Trains from Java code as {@code trainer} does from the command line: the same data, the same
 * math, so the same options give bit-identical weights ({@link TrainingResult#fingerprint()}),
 * whatever the worker count. The run uses worker actors in this JVM and blocks until it ends.
 */
public final class Training {
  private Training() {}

  /** {@link #train(TrainOptions, TrainingListener)} without progress reports. */
  public static Trained train(TrainOptions options) throws IOException {
    return train(options, TrainingListener.NONE);
  }

  /**
   * Trains, saves the model to {@code options.modelOut()} when given, and returns the result and the model.
   *
   * @param listener told of each epoch and step, on the coordinator's thread: keep it quick
   * @throws IllegalArgumentException for a bad option or an output path that cannot be written,
   *     before anything is read or trained, naming it as the command line does
   * @throws org.actorgrad.data.DataException when the data cannot be found, downloaded or read
   * @throws org.actorgrad.training.TrainingException when the run fails (the loss diverged, say)
   * @throws IOException when the model or a checkpoint cannot be written
   */
  public static Trained train(TrainOptions options, TrainingListener listener) throws IOException {
    options.validate(); // before the data is fetched and the run trained, not after
    RunCheckpointer.Every every = RunCheckpointer.Every.parse(options.checkpointEvery());
    Path home = Paths.get(System.getProperty("actorgrad.home", ".")).toAbsolutePath().normalize();
    LoadedData data = options.dataSource().load(home, true, false);
    DataSource.requireOutputs(data, options.layers());
    TrainingPlan plan = TrainingPlan.create(options.config(data.train().count()), data);
    TrainingRun run = TrainingRun.start(plan);
    TrainingResult result;
    if (options.checkpointDir() == null) {
      result = LocalTraining.run(run, listener, RunObserver.NONE);
    } else {
      try (RunCheckpointer checkpointer =
          new RunCheckpointer(new CheckpointStore(options.checkpointDir(), options.keep()), every)) {
        result = LocalTraining.run(run, listener, checkpointer);
      }
    }
    if (options.modelOut() != null) {
      saveModel(options.modelOut(), run, result);
    }
    return new Trained(result, Model.of(plan.network().spec(), result.params()));
  }

  /**
   * Writes the model file as {@code trainer} writes it: the run's final checkpoint (so
   * {@code trainer inspect} reads it and {@code --resume} on it says the run is finished), written
   * atomically; {@link Model#load} reads it. Creates the missing folders on the way.
   *
   * @param run the finished run; {@code result} its result (test loss and accuracy go in the header)
   * @throws IOException when it cannot be written (a previous file there is left as it was)
   */
  public static void saveModel(Path path, TrainingRun run, TrainingResult result) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Checkpoint c = RunCheckpoint.of(run.plan(), run.snapshot(0),
        new RunCheckpoint.Outcome(result.testLoss(), result.testAccuracy()));
    AtomicFiles.write(path, out -> CheckpointFormat.write(c, out));
  }
}
