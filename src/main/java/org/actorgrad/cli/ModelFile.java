package org.actorgrad.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.actorgrad.api.Model;
import org.actorgrad.api.Training;
import org.actorgrad.checkpoint.UnusableFileException;
import org.actorgrad.data.Dataset;
import org.actorgrad.kernel.Argmax;
import org.actorgrad.model.FeatureShape;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;
import org.actorgrad.training.RunHeader;
import org.actorgrad.training.TrainingResult;
import org.actorgrad.training.TrainingRun;

/**
 * The trained model as the commands use it: read and written by {@link Model#load} and
 * {@link Training#saveModel}, the library's one reader and writer of model files.
 */
final class ModelFile {
  private ModelFile() {}

  static void save(Path path, TrainingRun run, TrainingResult result) throws IOException {
    Training.saveModel(path, run, result);
  }

  /**
   * The model at {@code path} (a file, or a run folder's {@code model.agc}), read by
   * {@link Model#load}. A missing model gets the command line's hint; one missing from a run folder
   * says where that run stands ({@link RunStatus}: stopped at epoch E, step S, or still training)
   * and names the way on.
   */
  static Model read(Path path) {
    Path file = Files.isDirectory(path) ? path.resolve(RunStatus.MODEL) : path;
    if (!Files.isRegularFile(file)) {
      Path folder = Files.isDirectory(path) ? RunStatus.runFolderOf(path)
          : path.getFileName() != null && path.getFileName().toString().equals(RunStatus.MODEL) ? path.getParent() : null;
      RunStatus status = folder == null ? null : RunStatus.of(folder).filter(s -> !s.finished()).orElse(null);
      if (status != null) {
        throw new UnusableFileException(status.noModel());
      }
      throw new UnusableFileException("no model at " + file
          + ": train one first (./trainer) or name one with --model FILE");
    }
    return Model.load(file);
  }

  /** {@link #read}, ready to predict over data sets. */
  static Loaded load(Path path) {
    Model m = read(path);
    return new Loaded(new Network(m.network()), m.parameters(), m.header().orElseThrow());
  }

  /** A model ready to predict, with the header it was read from (its data's shape and class names). */
  record Loaded(Network network, float[] params, RunHeader header) {
    /**
     * Throws unless the model reads {@code set}'s images as they are: as many pixels as it has
     * inputs and, for a network with conv or maxpool layers, the very shape it was trained on (rows,
     * columns, channels): the same pixels in another shape would be read as another image.
     *
     * @throws IllegalArgumentException naming both sizes or shapes, in one line
     */
    void requireInputs(Dataset set) {
      if (network.spec().inputs() != set.features()) {
        throw new IllegalArgumentException("the model takes " + network.spec().inputs()
            + " inputs but the images have " + set.features() + " pixels: it was trained on another data set;"
            + " use it with that one ('trainer inspect' on the model names it) or train one on this data");
      }
      FeatureShape images = new FeatureShape(set.channels(), set.rows(), set.cols());
      if (network.spec().layers().get(0).spatial() && !network.spec().input().equals(images)) {
        throw new IllegalArgumentException("the model is a convolutional network for " + network.spec().input()
            + " images (rows x columns x channels) but these are " + images + ": the same pixel count in"
            + " another shape is another image to it; use it with images of its shape (CSV data: --shape) or"
            + " train one on this data");
      }
    }

    float[] probabilities(Dataset set, int index) {
      float[] x = new float[set.features()];
      set.fill(x, new int[1], new int[] {index}, 0, 1);
      float[] out = new float[network.spec().classes()];
      new GradientEngine(network, 1).predict(out, params, x, 1);
      return out;
    }

    /**
     * Samples predicted at a time over a data set: {@link GradientEngine#evaluationBatch}, as the
     * training's evaluator, so the engine's buffers stay within
     * {@link GradientEngine#EVALUATION_BYTES} (a fixed 500 took ~230 MB for the MNIST CNN, ~1 GB
     * for a 3-channel 64x64 one). Predictions are per sample: the batch never changes a result.
     */
    int predictionBatch() {
      return GradientEngine.evaluationBatch(network);
    }

    /** Receives the probabilities (classes) of sample {@code index} at {@code out[offset..]}. */
    interface ProbabilitySink {
      void accept(int index, float[] out, int offset);
    }

    /** Every sample's probabilities, in index order, {@link #predictionBatch} samples at a time. */
    void predictEach(Dataset set, ProbabilitySink sink) {
      int chunk = predictionBatch();
      GradientEngine engine = new GradientEngine(network, chunk);
      int classes = network.spec().classes();
      float[] x = new float[chunk * set.features()]; // (chunk, features)
      float[] out = new float[chunk * classes]; // (chunk, classes)
      int[] y = new int[chunk];
      int[] indices = new int[chunk];
      for (int from = 0; from < set.count(); from += chunk) {
        int n = Math.min(chunk, set.count() - from);
        for (int k = 0; k < n; k++) {
          indices[k] = from + k;
        }
        set.fill(x, y, indices, 0, n);
        engine.predict(out, params, x, n);
        for (int k = 0; k < n; k++) {
          sink.accept(from + k, out, k * classes);
        }
      }
    }

    /** The top-1 class of every sample of {@code set} (count). */
    int[] predictAll(Dataset set) {
      int classes = network.spec().classes();
      int[] predicted = new int[set.count()];
      predictEach(set, (index, out, offset) -> predicted[index] = Argmax.row(out, offset, classes));
      return predicted;
    }
  }
}
