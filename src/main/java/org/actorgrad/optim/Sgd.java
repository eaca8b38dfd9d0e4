package org.actorgrad.optim;

/** Plain SGD: {@code p -= lr * (g + weightDecay * p)}. No state. */
public final class Sgd extends AbstractOptimizer {
  public Sgd(int parameterCount, float weightDecay) {
    super(parameterCount, weightDecay);
  }

  @Override
  protected void step(float[] out, float[] params, float[] grad, float lr, long step) {
    float wd = weightDecay;
    for (int i = 0; i < parameterCount; i++) {
      float g = wd != 0f ? grad[i] + wd * params[i] : grad[i];
      out[i] = params[i] - lr * g;
    }
  }
}
