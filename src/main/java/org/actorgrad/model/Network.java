package org.actorgrad.model;

import org.actorgrad.kernel.Activation;
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

  /** Width of the widest layer (or the input), for sizing scratch buffers. */
  public int maxWidth() {
    int max = spec.inputs();
    for (LayerSpec layer : spec.layers()) {
      max = Math.max(max, layer.size());
    }
    return max;
  }

  /**
   * A fresh parameter vector: He normal weights for relu and leaky_relu layers (they halve the
   * variance), Xavier uniform otherwise, biases 0. Layer l (numbered from 1) draws from
   * {@code SeededRandom.derive(seed, l)}, so its weights depend only on the seed and its own
   * shape, not on the sizes of the other layers.
   */
  public float[] initialParameters(long seed) {
    float[] params = new float[layout.totalCount()]; // biases stay 0
    int in = spec.inputs();
    for (int l = 0; l < spec.layers().size(); l++) {
      LayerSpec layer = spec.layers().get(l);
      SeededRandom rng = SeededRandom.derive(seed, l + 1);
      Activation a = layer.activation();
      if (a == Activation.RELU || a == Activation.LEAKY_RELU) {
        Initializers.heNormal(params, layout.weightOffset(l), in, layer.size(), rng);
      } else {
        Initializers.xavierUniform(params, layout.weightOffset(l), in, layer.size(), rng);
      }
      in = layer.size();
    }
    return params;
  }
}
