package org.actorgrad.model;

import org.actorgrad.kernel.Initializers;
import org.actorgrad.random.SeededRandom;

/** A network spec with its parameter layout, and the deterministic initial parameters. */
public final class Network {
  private final NetworkSpec spec;
  private final ParameterLayout layout;

  public Network(NetworkSpec spec) {
    this.spec = spec;
    this.layout = new ParameterLayout(spec);
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

  /**
   * A fresh parameter vector (parameterCount), each layer initialised by
   * {@link Initializers#initializeLayer} (He or Xavier by its activation, biases 0). Layer l
   * (numbered from 1) draws from {@code SeededRandom.derive(seed, l)}, so its weights depend only
   * on the seed and its own shape, not on the sizes of the other layers.
   */
  public float[] initialParameters(long seed) {
    float[] params = new float[layout.totalCount()];
    int in = spec.inputs();
    for (int l = 0; l < spec.layers().size(); l++) {
      LayerSpec layer = spec.layers().get(l);
      Initializers.initializeLayer(params, layout.weightOffset(l), layout.biasOffset(l), in, layer.size(),
          layer.activation(), SeededRandom.derive(seed, l + 1));
      in = layer.size();
    }
    return params;
  }
}
