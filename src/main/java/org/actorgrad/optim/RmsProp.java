package org.actorgrad.optim;

/**
 * RMSprop as PyTorch's {@code torch.optim.RMSprop} (not centered, no momentum):
 * {@code s = alpha s + (1-alpha) g²}, {@code p -= lr * g / (sqrt(s) + eps)}. State: "square_avg".
 */
public final class RmsProp extends AbstractOptimizer {
  private final float alpha;
  private final float eps;
  private final float[] squareAvg; // (P)

  public RmsProp(int parameterCount, float alpha, float eps, float weightDecay) {
    super(parameterCount, weightDecay);
    this.alpha = alpha;
    this.eps = eps;
    this.squareAvg = newState("square_avg");
  }

  @Override
  protected void step(float[] out, float[] params, float[] grad, float lr, long step) {
    float a = alpha;
    float oneMinusA = 1f - a;
    float wd = weightDecay;
    for (int i = 0; i < parameterCount; i++) {
      float g = wd != 0f ? grad[i] + wd * params[i] : grad[i];
      float s = a * squareAvg[i] + oneMinusA * (g * g);
      squareAvg[i] = s;
      out[i] = params[i] - lr * (g / ((float) StrictMath.sqrt(s) + eps));
    }
  }
}
