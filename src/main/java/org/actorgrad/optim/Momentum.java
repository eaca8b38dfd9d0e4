package org.actorgrad.optim;

/**
 * SGD with momentum as PyTorch's {@code torch.optim.SGD} (dampening 0): the first step sets
 * {@code buf = g}, later ones {@code buf = momentum * buf + g}; the update uses {@code buf}, or
 * {@code g + momentum * buf} with Nesterov. Weight decay is coupled: added to g first.
 * State: "velocity".
 */
public final class Momentum extends AbstractOptimizer {
  private final float momentum;
  private final boolean nesterov;
  private final float[] velocity; // (P)

  public Momentum(int parameterCount, float momentum, boolean nesterov, float weightDecay) {
    super(parameterCount, weightDecay);
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.velocity = newState("velocity");
  }

  @Override
  protected void step(float[] out, float[] params, float[] grad, float lr, long step) {
    float wd = weightDecay;
    float mu = momentum;
    boolean first = step == 1; // PyTorch starts the buffer at g, not at mu * 0 + g (signed zeros)
    for (int i = 0; i < parameterCount; i++) {
      float g = wd != 0f ? grad[i] + wd * params[i] : grad[i];
      float v = first ? g : mu * velocity[i] + g;
      velocity[i] = v;
      out[i] = params[i] - lr * (nesterov ? g + mu * v : v);
    }
  }
}
