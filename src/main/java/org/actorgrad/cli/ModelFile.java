package org.actorgrad.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.actorgrad.checkpoint.AtomicFiles;
import org.actorgrad.checkpoint.Checkpoint;
import org.actorgrad.checkpoint.CheckpointException;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.actorgrad.data.Dataset;
import org.actorgrad.kernel.Argmax;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.training.RunCheckpoint;
import org.actorgrad.training.RunHeader;
import org.actorgrad.training.TrainingResult;
import org.actorgrad.training.TrainingRun;

/**
 * The trained model: the final checkpoint of its run (so {@code inspect} reads it and
 * {@code --resume} on it says the run is finished), written atomically.
 */
final class ModelFile {
  private ModelFile() {}

  static void save(Path path, TrainingRun run, TrainingResult result) throws IOException {
    TrainingOptions.ensureParent(path);
    Checkpoint c = RunCheckpoint.of(run.plan(), run.snapshot(0),
        new RunCheckpoint.Outcome(result.testLoss(), result.testAccuracy()));
    AtomicFiles.write(path, out -> CheckpointFormat.write(c, out));
  }

  static Loaded load(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("no model at " + path
          + ": train one first (./trainer) or name one with --model FILE");
    }
    Checkpoint c;
    try {
      c = CheckpointFormat.read(path);
    } catch (CheckpointException e) {
      throw new IllegalArgumentException(e.getMessage()); // it names the file already
    }
    RunHeader h;
    try {
      h = RunCheckpoint.header(c);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage() + "; it cannot be used as a model");
    }
    // The header's parameter count was checked against its layers when it was read.
    Network network = new Network(NetworkSpec.parse(h.network().inputs(), h.network().classes(),
        h.math().layers(), h.math().loss()));
    float[] params = c.tensors().get(Checkpoint.PARAMS);
    if (params == null || params.length != network.parameterCount()) {
      throw new IllegalArgumentException(path + ": holds " + (params == null ? 0 : params.length)
          + " parameters but its network " + h.math().layers() + " needs " + network.parameterCount());
    }
    return new Loaded(network, params, h);
  }

  /** A model ready to predict, with the header it was read from (its data's shape and class names). */
  record Loaded(Network network, float[] params, RunHeader header) {
    void requireInputs(int features) {
      if (network.spec().inputs() != features) {
        throw new IllegalArgumentException("the model takes " + network.spec().inputs()
            + " inputs but the images have " + features + " pixels: it was trained on another data set;"
            + " use it with that one ('trainer inspect' on the model names it) or train one on this data");
      }
    }

    float[] probabilities(Dataset set, int index) {
      float[] x = new float[set.features()];
      set.fill(x, new int[1], new int[] {index}, 0, 1);
      float[] out = new float[network.spec().classes()];
      new GradientEngine(network, 1).predict(out, params, x, 1);
      return out;
    }

    int[] predictAll(Dataset set) {
      int chunk = 500;
      GradientEngine engine = new GradientEngine(network, chunk);
      int classes = network.spec().classes();
      float[] x = new float[chunk * set.features()]; // (chunk, features)
      float[] out = new float[chunk * classes]; // (chunk, classes)
      int[] y = new int[chunk];
      int[] indices = new int[chunk];
      int[] predicted = new int[set.count()];
      for (int from = 0; from < set.count(); from += chunk) {
        int n = Math.min(chunk, set.count() - from);
        for (int k = 0; k < n; k++) {
          indices[k] = from + k;
        }
        set.fill(x, y, indices, 0, n);
        engine.predict(out, params, x, n);
        for (int k = 0; k < n; k++) {
          predicted[from + k] = Argmax.row(out, k * classes, classes);
        }
      }
      return predicted;
    }
  }
}
