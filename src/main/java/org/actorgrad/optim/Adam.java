package org.actorgrad.optim;

/**
 * Adam (Kingma and Ba) as PyTorch's {@code torch.optim.Adam} with coupled weight decay:
 * {@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g²},
 * {@code p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)} — eps outside the square
 * root, added after the bias correction, as PyTorch does. PyTorch updates m with
 * {@code lerp(g, 1-b1)}, equal in exact arithmetic but not always in the last float bit, so
 * results match PyTorch to float rounding, not bit for bit. State: "m", "v".
 */
public final class Adam extends AbstractOptimizer {
  private final float beta1;
  private final float beta2;
  private final float eps;
  private final float[] m; // (P) first moment
  private final float[] v; // (P) second moment

  public Adam(int parameterCount, float beta1, float beta2, float eps, float weightDecay) {
    super(parameterCount, weightDecay);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.m = newState("m");
    this.v = newState("v");
  }

  @Override
  protected void step(float[] out, float[] params, float[] grad, float lr, long step) {
    // Bias corrections once per step in double with StrictMath.pow, so every node gets the same bits.
    double correction1 = 1.0 - StrictMath.pow(beta1, step);
    double correction2 = 1.0 - StrictMath.pow(beta2, step);
    float stepSize = (float) (lr / correction1);
    float correction2Sqrt = (float) StrictMath.sqrt(correction2);
    float b1 = beta1;
    float b2 = beta2;
    float oneMinusB1 = 1f - b1;
    float oneMinusB2 = 1f - b2;
    float wd = weightDecay;
    for (int i = 0; i < parameterCount; i++) {
      float g = wd != 0f ? grad[i] + wd * params[i] : grad[i];
      float mi = b1 * m[i] + oneMinusB1 * g;
      float vi = b2 * v[i] + oneMinusB2 * (g * g);
      m[i] = mi;
      v[i] = vi;
      float denom = (float) StrictMath.sqrt(vi) / correction2Sqrt + eps;
      out[i] = params[i] - stepSize * (mi / denom);
    }
  }
}
