package org.actorgrad.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.actorgrad.checkpoint.Checkpoint;
import org.actorgrad.checkpoint.CheckpointException;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.actorgrad.checkpoint.UnusableFileException;
import org.actorgrad.export.ExportFormat;
import org.actorgrad.kernel.Argmax;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.training.RunCheckpoint;
import org.actorgrad.training.RunHeader;

/**
 * A trained network, ready to predict: read from a model file ({@code model.agc}, or any
 * checkpoint) with {@link #load}, or returned by {@link Training#train}. Immutable and safe to
 * share between threads: {@link #predict} runs on a {@link GradientEngine} (whose scratch buffers
 * are not thread-safe) of the calling thread's own, built on that thread's first call and reused
 * by its later ones (a {@link ThreadLocal}), so threads never share buffers and a call allocates
 * only its result.
 *
 * <p>Input: one image as {@link #inputs()} floats, channel by channel (CHW), each row left to
 * right, each pixel scaled to [0, 1] as value / 255 (how actorgrad trains: byte 255 is 1.0f).
 */
public final class Model {
  private final Network network;
  private final float[] params; // (parameterCount) never handed out: copied in and out
  private final RunHeader header; // null for a model made with of(...)
  // One engine of batch 1 per calling thread: an engine's buffers are written by every call.
  private final ThreadLocal<GradientEngine> engines;

  private Model(NetworkSpec spec, float[] params, RunHeader header) {
    this.network = new Network(spec);
    if (params.length != network.parameterCount()) {
      throw new IllegalArgumentException("the network " + spec.layersSpec() + " needs "
          + network.parameterCount() + " parameters, found " + params.length);
    }
    this.params = params.clone();
    this.header = header;
    Network n = network;
    this.engines = ThreadLocal.withInitial(() -> new GradientEngine(n, 1));
  }

  /**
   * A model of {@code spec} with the given parameters (copied), laid out as
   * {@link org.actorgrad.model.ParameterLayout} says.
   *
   * @throws IllegalArgumentException when the count does not fit the network
   */
  public static Model of(NetworkSpec spec, float[] params) {
    return new Model(spec, params, null);
  }

  /**
   * Reads a model file written by {@code trainer} or {@link Training} (or any of a run's
   * checkpoints). The one reader of model files: {@code trainer evaluate}, {@code predict},
   * {@code show} and {@code export} read through it too.
   *
   * @throws IllegalArgumentException (an {@link UnusableFileException}) when the file is missing,
   *     damaged or not an actorgrad model, or its parameters are not all finite, with a one-line message naming it (for a bad header,
   *     the header check's own message)
   */
  public static Model load(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new UnusableFileException("no model at " + path);
    }
    Checkpoint c;
    try {
      c = CheckpointFormat.read(path);
    } catch (CheckpointException e) {
      throw new UnusableFileException(e.getMessage(), e); // it names the file
    }
    RunHeader h;
    try {
      h = RunCheckpoint.header(c);
    } catch (IllegalArgumentException e) {
      throw new UnusableFileException(path + ": " + e.getMessage() + "; it cannot be used as a model", e);
    }
    // The header's parameter count was checked against its layers when it was read.
    NetworkSpec spec = NetworkSpec.parse(h.network().inputs(), h.network().classes(), h.math().layers(), h.math().loss());
    float[] params = c.tensors().get(Checkpoint.PARAMS);
    int needed = new Network(spec).parameterCount();
    if (params == null || params.length != needed) {
      throw new UnusableFileException(path + ": holds " + (params == null ? 0 : params.length)
          + " parameters but its network " + h.math().layers() + " needs " + needed);
    }
    try {
      RunCheckpoint.requireFinite(Checkpoint.PARAMS, params); // NaN weights predict class 0 for everything
    } catch (IllegalArgumentException e) {
      throw new UnusableFileException(path + ": " + e.getMessage() + "; it cannot be used as a model", e);
    }
    return new Model(spec, params, h);
  }

  /**
   * The run header the model was read from by {@link #load} (its data's shape and class names,
   * its math); empty for a model made with {@link #of}.
   */
  public Optional<RunHeader> header() {
    return Optional.ofNullable(header);
  }

  /** Features per image: rows * cols of the images it was trained on. */
  public int inputs() {
    return network.spec().inputs();
  }

  /** Number of classes: the length of {@link Prediction#probabilities()}. */
  public int classes() {
    return network.spec().classes();
  }

  /** The network: inputs, layers (e.g. {@code 128:relu,10:softmax}) and loss. */
  public NetworkSpec network() {
    return network.spec();
  }

  /** The number of parameters: the length of {@link #parameters()}. */
  public int parameterCount() {
    return params.length;
  }

  /** A copy of the parameters: layer1.weight (out, in), layer1.bias (out), layer2.weight, ... */
  public float[] parameters() {
    return params.clone();
  }

  /**
   * The prediction for one image. Safe to call from several threads at once (each has its engine).
   *
   * @param pixels ({@link #inputs()}) pixel values scaled to [0, 1], row-major; not modified
   * @throws IllegalArgumentException when pixels has another length
   */
  public Prediction predict(float[] pixels) {
    if (pixels == null || pixels.length != inputs()) {
      throw new IllegalArgumentException("expected " + inputs() + " pixels (the model's input), found "
          + (pixels == null ? "null" : pixels.length));
    }
    float[] p = new float[classes()]; // (1, classes)
    engines.get().predict(p, params, pixels, 1);
    return new Prediction(Argmax.row(p, 0, p.length), p);
  }

  /** The calling thread's engine, which {@link #predict} uses (built on first use); for tests. */
  GradientEngine engineOfThisThread() {
    return engines.get();
  }

  /**
   * Writes the model as ONNX or safetensors, as {@code trainer export} does.
   *
   * @param rawPixels ONNX only: the graph divides by 255 itself, so its input takes values 0-255
   * @throws IOException when the file cannot be written (a previous file there is left as it was)
   */
  public void export(ExportFormat format, Path out, boolean rawPixels) throws IOException {
    format.write(network.spec(), params, out, rawPixels);
  }
}
