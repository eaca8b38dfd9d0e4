package org.actorgrad.model;

import java.util.List;
import org.actorgrad.kernel.Conv2dShape;
import org.actorgrad.kernel.Initializers;
import org.actorgrad.kernel.Pool2dShape;
import org.actorgrad.random.SeededRandom;

/** A network spec with its parameter layout, its layers' shapes, and the deterministic initial parameters. */
public final class Network {
  private final NetworkSpec spec;
  private final ParameterLayout layout;
  private final List<FeatureShape> shapes; // (L+1): the input, then each layer's output

  public Network(NetworkSpec spec) {
    this.spec = spec;
    this.layout = new ParameterLayout(spec);
    this.shapes = spec.shapes();
  }

  public NetworkSpec spec() {
    return spec;
  }

  public ParameterLayout layout() {
    return layout;
  }

  public int parameterCount() {
    return layout.totalCount();
  }

  /** The input of the layer at 0-based index l (the network's input for l = 0). */
  public FeatureShape inputShape(int l) {
    return shapes.get(l);
  }

  /** The output of the layer at 0-based index l. */
  public FeatureShape outputShape(int l) {
    return shapes.get(l + 1);
  }

  /** The kernel geometry of the conv layer at 0-based index l. */
  public Conv2dShape conv2dShape(int l) {
    LayerSpec layer = requireKind(l, LayerSpec.Kind.CONV);
    FeatureShape in = inputShape(l);
    return Conv2dShape.of(in.channels(), in.rows(), in.cols(), layer.size(), layer.kernelRows(),
        layer.kernelCols(), layer.strideRows(), layer.strideCols(), layer.samePadding());
  }

  /** The kernel geometry of the maxpool layer at 0-based index l. */
  public Pool2dShape pool2dShape(int l) {
    LayerSpec layer = requireKind(l, LayerSpec.Kind.MAXPOOL);
    FeatureShape in = inputShape(l);
    return Pool2dShape.of(in.channels(), in.rows(), in.cols(), layer.kernelRows(),
        layer.kernelCols(), layer.strideRows(), layer.strideCols());
  }

  /** Width of the widest layer output (or the input), per sample, for sizing scratch buffers. */
  public int maxWidth() {
    int max = 0;
    for (FeatureShape s : shapes) {
      max = Math.max(max, s.size());
    }
    return max;
  }

  /**
   * A fresh parameter vector (parameterCount), each layer initialised by
   * {@link Initializers#initializeLayer} (He normal for the ReLU family, Xavier uniform otherwise,
   * biases 0). A conv filter's fan-in is C*KH*KW, as in
   * PyTorch; its Xavier fan-out is counted as the filters (OC), not OC*KH*KW, because the
   * initialisers take the weight as a (fanOut, fanIn) matrix. Layer l (numbered from 1) draws
   * from {@code SeededRandom.derive(seed, l)}, so its weights depend only on the seed and its own
   * shape, not on the sizes of the other layers.
   */
  public float[] initialParameters(long seed) {
    float[] params = new float[layout.totalCount()]; // biases stay 0
    for (int l = 0; l < spec.layers().size(); l++) {
      LayerSpec layer = spec.layers().get(l);
      if (!layer.hasParameters()) {
        continue;
      }
      int in = layer.kind() == LayerSpec.Kind.CONV
          ? conv2dShape(l).patchSize() : inputShape(l).size();
      Initializers.initializeLayer(params, layout.weightOffset(l), layout.biasOffset(l), in,
          layer.size(), layer.activation(), SeededRandom.derive(seed, l + 1));
    }
    return params;
  }

  private LayerSpec requireKind(int l, LayerSpec.Kind kind) {
    LayerSpec layer = spec.layers().get(l);
    if (layer.kind() != kind) {
      throw new IllegalArgumentException("layer " + (l + 1) + " is " + layer + ", not " + kind);
    }
    return layer;
  }
}
