package org.actorgrad.model;

/**
 * The numeric derivative of a batch's loss sum with respect to one parameter, by central
 * differences: (L(p + eps) - L(p - eps)) / ((p + eps) - (p - eps)), the divisor taken after the
 * float rounding of both perturbed values (the difference actually applied). The parameter is put
 * back as it was. Shared by the dense and the convolutional gradient checks.
 */
final class CentralDifference {
  private CentralDifference() {}

  /** {@code scratch} (parameterCount) receives gradients nobody reads; the engine's step is 7. */
  static double of(GradientEngine engine, float[] params, int i, float eps, float[] scratch,
      float[] x, int[] labels, int[] sampleIds, int batch, long seed) {
    float original = params[i];
    params[i] = original + eps;
    float up = params[i];
    double lossUp = engine.gradient(scratch, params, x, labels, sampleIds, batch, seed, 7).lossSum();
    params[i] = original - eps;
    float down = params[i];
    double lossDown = engine.gradient(scratch, params, x, labels, sampleIds, batch, seed, 7).lossSum();
    params[i] = original;
    return (lossUp - lossDown) / ((double) up - down);
  }
}
