package org.actorgrad.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.actorgrad.kernel.Activation;
import org.actorgrad.kernel.Argmax;
import org.actorgrad.kernel.Conv2d;
import org.actorgrad.kernel.Conv2dShape;
import org.actorgrad.kernel.Conv2dWorkspace;
import org.actorgrad.kernel.Dense;
import org.actorgrad.kernel.DenseWorkspace;
import org.actorgrad.kernel.Losses;
import org.actorgrad.kernel.MaxPool2d;
import org.actorgrad.kernel.Pool2dShape;
import org.actorgrad.random.SeededRandom;

/**
 * Forward and backward passes of one {@link Network} over batches of up to {@code maxBatch}
 * samples. All scratch buffers are allocated once here, so a call allocates nothing (apart from
 * one small generator per sample and dropout layer). Not thread-safe: one engine per worker thread.
 *
 * <p>Each sample's activations are contiguous, CHW for conv and maxpool layers ({@link FeatureShape}),
 * so the implicit flatten before the first dense layer is PyTorch's NCHW flatten and costs nothing.
 *
 * <p>Every result is a pure function of the arguments: each buffer a call reads is first written
 * by the same call, so what was computed before never leaks into a result.
 */
public final class GradientEngine {
  private final Network network;
  private final int maxBatch;
  private final int inputs;
  private final int classes;
  private final int layerCount;
  private final LayerSpec.Kind[] kinds; // (L)
  private final int[] widths; // (L) outputs of each layer, per sample (C*H*W for conv and maxpool)
  private final int[] fanIns; // (L) inputs of each layer, per sample
  private final Activation[] activations; // (L)
  private final float[] dropouts; // (L)
  private final Conv2dShape[] convShapes; // (L), null but for conv layers
  private final Pool2dShape[] poolShapes; // (L), null but for maxpool layers
  private final boolean[] throughPool; // (L) takesPoolBackward of each layer, fixed by the spec
  private final float[][] preActivations; // L x (maxBatch, width_l): z = x·Wᵀ + b or conv; null for maxpool
  private final float[][] activated; // L x (maxBatch, width_l): a = act(z), or the pooled maxima
  private final int[][] argmax; // L x (maxBatch, width_l), null but for maxpool: winners' input indices
  private final float[][] masks; // L x (maxBatch, width_l), null where dropout is 0: 0 or 1/(1-p)
  private final float[][] dropped; // L x (maxBatch, width_l), null where dropout is 0: a * mask
  // The two are swapped rather than copied where a layer's delta is the one below's as it is.
  // (maxBatch, maxWidth), maxWidth the widest layer but a conv through its pool (see takesPoolBackward):
  private float[] deltaA; // gradient of the loss sum w.r.t. a layer's output
  private float[] deltaZ; // gradient w.r.t. its pre-activation
  private final long[] maskCoordinates = new long[3]; // (step, sampleId, layer), reused
  private final DenseWorkspace denseWorkspace; // Dense.forward's packing buffer for the dense layers
  private final Conv2dWorkspace convWorkspace; // one sample's patches and products for the conv layers, or null

  public GradientEngine(Network network, int maxBatch) {
    if (maxBatch <= 0) {
      throw new IllegalArgumentException("maxBatch must be positive, found " + maxBatch);
    }
    NetworkSpec spec = network.spec();
    this.network = network;
    this.maxBatch = maxBatch;
    this.inputs = spec.inputs();
    this.classes = spec.classes();
    this.layerCount = spec.layers().size();
    kinds = new LayerSpec.Kind[layerCount];
    widths = new int[layerCount];
    fanIns = new int[layerCount];
    activations = new Activation[layerCount];
    dropouts = new float[layerCount];
    convShapes = new Conv2dShape[layerCount];
    poolShapes = new Pool2dShape[layerCount];
    throughPool = new boolean[layerCount];
    preActivations = new float[layerCount][];
    activated = new float[layerCount][];
    argmax = new int[layerCount][];
    masks = new float[layerCount][];
    dropped = new float[layerCount][];
    int maxLayerWidth = 1;
    int maxFanIn = 1; // of the dense layers
    int maxDenseWidth = 1;
    List<Conv2dShape> convs = new ArrayList<>();
    for (int l = 0; l < layerCount; l++) {
      LayerSpec layer = spec.layers().get(l);
      kinds[l] = layer.kind();
      widths[l] = network.outputShape(l).size();
      fanIns[l] = network.inputShape(l).size();
      activations[l] = layer.activation();
      dropouts[l] = layer.dropout();
      int size = Math.multiplyExact(maxBatch, widths[l]);
      throughPool[l] = takesPoolBackward(spec, l);
      // A conv layer that takes its pool's backward keeps nothing batch-wide (forwardThroughPool)
      activated[l] = throughPool[l] ? null : new float[size];
      if (layer.kind() == LayerSpec.Kind.MAXPOOL) {
        poolShapes[l] = network.pool2dShape(l);
        argmax[l] = new int[size];
      } else if (!throughPool[l]) {
        preActivations[l] = new float[size];
      }
      if (layer.kind() == LayerSpec.Kind.CONV) {
        Conv2dShape c = network.conv2dShape(l);
        convShapes[l] = c;
        convs.add(c);
      } else if (layer.kind() == LayerSpec.Kind.DENSE) {
        maxFanIn = Math.max(maxFanIn, fanIns[l]);
        maxDenseWidth = Math.max(maxDenseWidth, widths[l]);
      }
      if (layer.dropout() > 0f) {
        masks[l] = new float[size];
        dropped[l] = new float[size];
      }
      if (!throughPool[l]) { // else its delta is its pool's, its dx its input's width
        maxLayerWidth = Math.max(maxLayerWidth, widths[l]);
      }
    }
    deltaA = new float[Math.multiplyExact(maxBatch, maxLayerWidth)];
    deltaZ = new float[maxBatch * maxLayerWidth];
    denseWorkspace = new DenseWorkspace(maxBatch, maxFanIn, maxDenseWidth);
    convWorkspace = convs.isEmpty() ? null : new Conv2dWorkspace(convs.toArray(new Conv2dShape[0]));
  }

  public Network network() {
    return network;
  }

  public int maxBatch() {
    return maxBatch;
  }

  /**
   * Gradient of the loss SUMMED over the n samples (not averaged), written into grad (overwritten,
   * same layout as params); x is (n, inputs) row-major, labels (n). Dropout (training only,
   * inverted scaling 1/(1-p)) draws the mask of sample i in layer l (numbered from 1) from
   * {@code SeededRandom.derive(seed, step, sampleIds[i], l)}, so masks do not depend on which
   * worker or batch chunk computes the sample. n <= maxBatch.
   */
  public BatchStats gradient(
      float[] grad, float[] params, float[] x, int[] labels, int[] sampleIds, int n, long seed,
      long step) {
    checkBatch(params, x, labels, n);
    if (grad == null || grad.length != params.length) {
      throw new IllegalArgumentException(
          "expected a gradient of " + params.length + " floats, found "
              + (grad == null ? "null" : grad.length));
    }
    if (sampleIds == null || sampleIds.length < n) {
      throw new IllegalArgumentException(
          "expected at least " + n + " sample ids, found " + (sampleIds == null ? "null" : sampleIds.length));
    }
    Arrays.fill(grad, 0f); // Dense.backward accumulates
    if (n == 0) {
      return BatchStats.ZERO;
    }
    forward(params, x, n, true, sampleIds, seed, step);
    double lossSum = outputDelta(labels, n, 0.0);
    ParameterLayout layout = network.layout();
    for (int l = layerCount - 1; l >= 0; l--) {
      float[] input = l == 0 ? x : layerOutput(l - 1, true);
      // deltaA is free again: the top delta has been turned into deltaZ already.
      float[] dx = l == 0 ? null : deltaA;
      switch (kinds[l]) {
        case DENSE -> Dense.backward(
            dx, grad, deltaZ, input, params, layout.weightOffset(l), layout.biasOffset(l), n,
            fanIns[l], widths[l]);
        case CONV -> {
          if (throughPool[l]) { // deltaZ is the pool's dy: see MAXPOOL
            Conv2d.backwardThroughPool(dx, grad, deltaZ, argmax[l + 1], poolShapes[l + 1], activated[l + 1],
                input, params, layout.weightOffset(l), layout.biasOffset(l), convShapes[l], n, convWorkspace);
          } else {
            Conv2d.backward(dx, grad, deltaZ, input, params, layout.weightOffset(l), layout.biasOffset(l),
                convShapes[l], n, convWorkspace);
          }
        }
        case MAXPOOL -> {
          if (l > 0 && throughPool[l - 1]) {
            // The conv layer below takes its backward through this pool and its ReLU: skipping the
            // hand-off below too leaves deltaZ the pool's dy for it.
            continue;
          } else if (dx != null) {
            MaxPool2d.backward(dx, deltaZ, argmax[l], poolShapes[l], n);
          }
        }
      }
      if (l > 0) {
        int below = l - 1;
        int size = n * widths[below];
        if (masks[below] != null) {
          float[] mask = masks[below];
          for (int i = 0; i < size; i++) {
            deltaA[i] *= mask[i];
          }
        }
        if (kinds[below] == LayerSpec.Kind.MAXPOOL) { // no activation: a pool's output is its "z"
          float[] delta = deltaZ;
          deltaZ = deltaA;
          deltaA = delta;
        } else {
          activations[below].backward(
              deltaZ, deltaA, preActivations[below], activated[below], n, widths[below]);
        }
      }
    }
    return new BatchStats(lossSum, countCorrect(labels, n), n);
  }

  /**
   * True when layer l is a conv layer whose ReLU output, with no dropout, the next layer max-pools:
   * its backward then takes the pool's output gradient itself ({@link Conv2d#backwardThroughPool}:
   * the pool's, the ReLU's and its own backward), sample by sample, with no batch-wide dz; reading
   * the pool's output instead of its z, it keeps no z, and its forward pools each sample's ReLU
   * output as soon as it is computed ({@link Conv2d#forwardThroughPool}), so it keeps no activation
   * either (for the MNIST CNN's first layer 11 MB fewer written per 64 samples, and held).
   */
  private static boolean takesPoolBackward(NetworkSpec spec, int l) {
    List<LayerSpec> layers = spec.layers();
    if (l < 0 || l + 1 >= layers.size()) {
      return false;
    }
    LayerSpec layer = layers.get(l);
    return layer.kind() == LayerSpec.Kind.CONV && layers.get(l + 1).kind() == LayerSpec.Kind.MAXPOOL
        && layer.activation() == Activation.RELU && layer.dropout() == 0f;
  }

  /** Loss sum and correct count without dropout (evaluation); n <= maxBatch. */
  public BatchStats evaluate(float[] params, float[] x, int[] labels, int n) {
    return evaluate(params, x, labels, n, 0.0);
  }

  /**
   * As {@link #evaluate(float[], float[], int[], int)}, with the samples' losses added one by one
   * to {@code lossSoFar} (the returned lossSum includes it): a loss summed over consecutive calls
   * then has the bits of one call over all their samples, whatever the engine's batch size.
   */
  public BatchStats evaluate(float[] params, float[] x, int[] labels, int n, double lossSoFar) {
    checkBatch(params, x, labels, n);
    if (n == 0) {
      return new BatchStats(lossSoFar, 0, 0);
    }
    forward(params, x, n, false, null, 0L, 0L);
    double lossSum = outputDelta(labels, n, lossSoFar);
    return new BatchStats(lossSum, countCorrect(labels, n), n);
  }

  /** The most samples an evaluation runs at a time: a dense network's batches were always 250. */
  public static final int EVALUATION_MAX_BATCH = 250;
  /** The most bytes an evaluation's engine buffers and input chunk may take. */
  public static final long EVALUATION_BYTES = 16L << 20;

  /**
   * Samples an evaluation of {@code network} runs at a time: the most, between 1 and
   * {@link #EVALUATION_MAX_BATCH}, whose engine ({@link #engineBytes}, workspaces included) and
   * input chunk fit in {@link #EVALUATION_BYTES} (all 250 for a dense network; 142 for the MNIST
   * CNN, whose buffers take ~100 KB per sample, where 250 would take ~28 MB). Shared by the
   * evaluator, the commands that predict over a data set and the kernel warm-up, which compiles
   * that batch's forward. A network whose engine of one sample exceeds the bound gets 1.
   */
  public static int evaluationBatch(Network network) {
    long input = 4L * network.spec().inputs() + 8; // a sample's input, label and index
    int batch = EVALUATION_MAX_BATCH;
    while (batch > 1 && engineBytes(network, batch) + batch * input > EVALUATION_BYTES) {
      batch--;
    }
    return batch;
  }

  /**
   * Bytes of the buffers an engine of {@code maxBatch} samples for {@code network} holds, computed
   * without building it: equals {@link #bufferBytes()} of {@code new GradientEngine(network, maxBatch)}.
   */
  public static long engineBytes(Network network, int maxBatch) {
    NetworkSpec spec = network.spec();
    List<Conv2dShape> convs = new ArrayList<>();
    for (int l = 0; l < spec.layers().size(); l++) {
      if (spec.layers().get(l).kind() == LayerSpec.Kind.CONV) {
        convs.add(network.conv2dShape(l));
      }
    }
    long floats = denseWorkspaceFloats(network, maxBatch)
        + (convs.isEmpty() ? 0 : Conv2dWorkspace.floatsFor(convs.toArray(new Conv2dShape[0])));
    return maxBatch * bytesPerSample(network) + 4 * floats;
  }

  /**
   * Floats in the longest single array an engine of {@code maxBatch} samples for {@code network}
   * would allocate (a layer's batch-wide activations, deltas or dropout masks, or the dense
   * layers' packing buffer), computed without building it, in a long: above the longest Java
   * array ({@code Integer.MAX_VALUE - 8} on HotSpot) the engine cannot be built. A conv layer that
   * takes its pool's backward keeps nothing batch-wide and is skipped, as in the constructor; the
   * conv workspace holds one sample at a time and is bounded by {@link Conv2dShape}'s own check.
   */
  public static long largestArray(Network network, int maxBatch) {
    return Math.max((long) maxBatch * widestKept(network), denseWorkspaceFloats(network, maxBatch));
  }

  /** Floats of the dense layers' packing buffer (the constructor's DenseWorkspace) at maxBatch. */
  private static long denseWorkspaceFloats(Network network, int maxBatch) {
    NetworkSpec spec = network.spec();
    int maxFanIn = 1; // of the dense layers
    int maxDenseWidth = 1;
    for (int l = 0; l < spec.layers().size(); l++) {
      if (spec.layers().get(l).kind() == LayerSpec.Kind.DENSE) {
        maxFanIn = Math.max(maxFanIn, network.inputShape(l).size());
        maxDenseWidth = Math.max(maxDenseWidth, network.outputShape(l).size());
      }
    }
    return DenseWorkspace.floatsFor(maxBatch, maxFanIn, maxDenseWidth);
  }

  /**
   * The widest layer output, per sample, that an engine keeps batch-wide: every layer's but a conv
   * layer's that takes its pool's backward (the deltas are this wide; see the constructor).
   */
  private static int widestKept(Network network) {
    int widest = 1;
    for (int l = 0; l < network.spec().layers().size(); l++) {
      if (!takesPoolBackward(network.spec(), l)) {
        widest = Math.max(widest, network.outputShape(l).size());
      }
    }
    return widest;
  }

  /**
   * Bytes of this class's buffers per sample of maxBatch for {@code network} (activations,
   * pre-activations, winners, dropout masks, deltas), without the workspaces ({@link #engineBytes}
   * counts everything).
   */
  public static long bytesPerSample(Network network) {
    NetworkSpec spec = network.spec();
    long floats = 0;
    for (int l = 0; l < spec.layers().size(); l++) {
      int width = network.outputShape(l).size();
      LayerSpec layer = spec.layers().get(l);
      if (!takesPoolBackward(spec, l)) { // else it keeps nothing (Conv2d.forwardThroughPool)
        floats += 2L * width; // activated, and argmax or preActivations
      }
      if (layer.dropout() > 0f) {
        floats += 2L * width;
      }
    }
    return 4 * (floats + 2L * widestKept(network)); // and the two deltas
  }

  /**
   * Bytes of the buffers this engine holds (activations, winners, masks, deltas and the dense and
   * conv workspaces), counted from the arrays themselves: for memory reports and for tests of
   * {@link #engineBytes}, the count {@link #evaluationBatch} bounds.
   */
  public long bufferBytes() {
    long floats = (long) deltaA.length + deltaZ.length + denseWorkspace.floats()
        + (convWorkspace == null ? 0 : convWorkspace.floats());
    for (int l = 0; l < layerCount; l++) {
      floats += length(preActivations[l]) + length(activated[l]) + length(masks[l]) + length(dropped[l]);
      floats += argmax[l] == null ? 0 : argmax[l].length; // ints, 4 bytes as a float
    }
    return 4 * floats;
  }

  private static long length(float[] a) {
    return a == null ? 0 : a.length;
  }

  /** Writes the output probabilities/activations (n, classes) of the last layer, no dropout. */
  public void predict(float[] out, float[] params, float[] x, int n) {
    checkBatch(params, x, null, n);
    if (out == null || out.length < n * classes) {
      throw new IllegalArgumentException(
          "expected an output of at least " + n * classes + " floats, found "
              + (out == null ? "null" : out.length));
    }
    if (n == 0) {
      return;
    }
    forward(params, x, n, false, null, 0L, 0L);
    System.arraycopy(activated[layerCount - 1], 0, out, 0, n * classes);
  }

  private void forward(
      float[] params, float[] x, int n, boolean training, int[] sampleIds, long seed, long step) {
    ParameterLayout layout = network.layout();
    float[] input = x;
    for (int l = 0; l < layerCount; l++) {
      switch (kinds[l]) {
        case DENSE -> {
          Dense.forward(
              preActivations[l], input, params, layout.weightOffset(l), layout.biasOffset(l), n,
              fanIns[l], widths[l], denseWorkspace);
          activations[l].forward(activated[l], preActivations[l], n, widths[l]);
        }
        case CONV -> {
          if (throughPool[l]) {
            // Its ReLU's output goes through the pool sample by sample, never kept batch-wide: the
            // pool's layer is done too, so the loop goes on from there (its dropout, its output).
            l++;
            Conv2d.forwardThroughPool(activated[l], argmax[l], poolShapes[l], input, params,
                layout.weightOffset(l - 1), layout.biasOffset(l - 1), convShapes[l - 1], n, convWorkspace);
            break;
          }
          boolean relu = activations[l] == Activation.RELU; // then in the conv's last pass
          Conv2d.forward(preActivations[l], relu ? activated[l] : null, input, params, // z null: not kept
              layout.weightOffset(l), layout.biasOffset(l), convShapes[l], n, convWorkspace);
          if (!relu) {
            activations[l].forward(activated[l], preActivations[l], n, widths[l]);
          }
        }
        case MAXPOOL -> MaxPool2d.forward(activated[l], argmax[l], input, poolShapes[l], n);
      }
      if (training && masks[l] != null) {
        applyDropout(l, n, sampleIds, seed, step);
      }
      input = layerOutput(l, training);
    }
  }

  /** What layer l feeds to the next one: its activations, after dropout when training. */
  private float[] layerOutput(int l, boolean training) {
    return training && dropped[l] != null ? dropped[l] : activated[l];
  }

  private void applyDropout(int l, int n, int[] sampleIds, long seed, long step) {
    int width = widths[l];
    float p = dropouts[l];
    float keepScale = 1f / (1f - p); // inverted dropout: evaluation needs no rescaling
    float[] mask = masks[l];
    float[] a = activated[l];
    float[] out = dropped[l];
    maskCoordinates[0] = step;
    maskCoordinates[2] = l + 1;
    for (int i = 0; i < n; i++) {
      maskCoordinates[1] = sampleIds[i];
      SeededRandom rng = SeededRandom.derive(seed, maskCoordinates);
      int row = i * width;
      for (int j = 0; j < width; j++) {
        float m = rng.nextFloat() < p ? 0f : keepScale;
        mask[row + j] = m;
        out[row + j] = a[row + j] * m;
      }
    }
  }

  /**
   * Loss sum of the forward pass just done; leaves the gradient of that sum w.r.t. the last
   * layer's pre-activation in deltaZ.
   */
  private double outputDelta(int[] labels, int n, double lossSoFar) {
    int top = layerCount - 1;
    if (network.spec().loss() == LossKind.CROSS_ENTROPY) {
      // The softmax Jacobian and the log cancel: the fused gradient is probs - onehot.
      return Losses.softmaxCrossEntropy(
          deltaZ, activated[top], preActivations[top], labels, n, classes, lossSoFar);
    }
    double lossSum = Losses.meanSquaredError(deltaA, activated[top], labels, n, classes, lossSoFar);
    activations[top].backward(deltaZ, deltaA, preActivations[top], activated[top], n, classes);
    return lossSum;
  }

  /** Samples whose largest output (the first one on ties) is their label. */
  private int countCorrect(int[] labels, int n) {
    float[] out = activated[layerCount - 1];
    int correct = 0;
    for (int i = 0; i < n; i++) {
      if (Argmax.row(out, i * classes, classes) == labels[i]) {
        correct++;
      }
    }
    return correct;
  }

  private void checkBatch(float[] params, float[] x, int[] labels, int n) {
    if (n < 0 || n > maxBatch) {
      throw new IllegalArgumentException(
          "batch size must be in [0, " + maxBatch + "], found " + n);
    }
    if (params == null || params.length != network.parameterCount()) {
      throw new IllegalArgumentException(
          "expected " + network.parameterCount() + " parameters, found "
              + (params == null ? "null" : params.length));
    }
    if (x == null || x.length < n * inputs) {
      throw new IllegalArgumentException(
          "expected at least " + n + " x " + inputs + " = " + n * inputs + " input floats, found "
              + (x == null ? "null" : x.length));
    }
    if (labels == null) {
      return;
    }
    if (labels.length < n) {
      throw new IllegalArgumentException(
          "expected at least " + n + " labels, found " + labels.length);
    }
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            "label of sample " + i + " must be in [0, " + classes + "), found " + labels[i]);
      }
    }
  }
}
