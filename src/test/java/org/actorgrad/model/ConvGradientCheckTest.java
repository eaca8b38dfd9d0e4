package org.actorgrad.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link GradientEngine#gradient} of conv and maxpool networks against central finite differences
 * of the loss sum, for every weight and bias of every layer (so dX through conv, maxpool and the
 * flatten is checked by the layers below). Each spec covers options: strides, same padding
 * (even and odd kernels), non-square kernels, dropout on a conv layer, overlapping pools, a pool
 * after a pool, several channels. Conv layers use smooth activations: the elementwise
 * activations, kinks included, are checked on dense layers by {@link GradientCheckTest}, and here
 * a kink would only add noise. EPS = 1e-3 keeps an argmax from switching under the perturbation
 * (a switch needs two window values within about EPS·Σ|x| of each other; the fixed seeds have
 * none: dropout with a 3x3 pool at stride 1 after it had one, which EPS = 1e-5 confirmed); float rounding of a loss sum of ~3 then adds ~3·6e-8/2e-3 ≈ 1e-4 to the numeric
 * derivative, inside ABS.
 */
class ConvGradientCheckTest {
  private static final float EPS = 1e-3f;
  private static final double ABS = 1e-3;
  private static final double REL = 1e-2;
  private static final int BATCH = 3;

  @ParameterizedTest
  @ValueSource(strings = {
      "input:6x6x1,conv:2:3x3:tanh,maxpool:2x2,3:softmax",
      "input:7x7x2,conv:3:3x3:sigmoid:stride=2:padding=same,4:tanh,3:softmax",
      "input:6x5x1,conv:2:3x2:tanh:padding=same:dropout=0.3,conv:2:2x2:linear:padding=same,"
          + "maxpool:2x2:stride=1,3:softmax",
      "input:6x5x1,conv:2:3x2:tanh:padding=same,conv:2:2x2:linear:padding=same,maxpool:3x3:stride=1,"
          + "3:softmax",
      "input:8x8x1,conv:2:3x3:tanh:padding=same,maxpool:2x2,maxpool:2x2:stride=1,3:softmax",
      "input:9x7x3,conv:2:4x3:tanh:stride=2x1,maxpool:2x1,5:tanh:dropout=0.2,3:softmax",
      // Winograd's layers: a first one (no dx), then one with same padding and dx, odd sizes
      "input:5x6x8,conv:9:3x3:tanh,conv:8:3x3:tanh:padding=same,maxpool:2x2,3:softmax",
      "input:7x7x1,conv:8:3x3:relu,conv:8:3x3:relu,maxpool:2x2,3:softmax"
  })
  void everyParameterMatchesFiniteDifferences(String layers) {
    String shape = layers.substring("input:".length(), layers.indexOf(','));
    String[] dims = shape.split("x");
    FeatureShape input = new FeatureShape(
        Integer.parseInt(dims[2]), Integer.parseInt(dims[0]), Integer.parseInt(dims[1]));
    Network network = new Network(NetworkSpec.parse(input, 3, layers, "ce"));
    long seed = 5;
    float[] params = network.initialParameters(seed);
    SeededRandom rng = new SeededRandom(seed + 100);
    for (ParameterLayout.Tensor t : network.layout().tensors()) {
      if (t.name().endsWith(".bias")) {
        for (int k = 0; k < t.length(); k++) {
          params[t.offset() + k] = (float) (0.1 * rng.nextGaussian());
        }
      }
    }
    float[] x = new float[BATCH * input.size()]; // (B, C, H, W)
    for (int i = 0; i < x.length; i++) {
      x[i] = 2 * rng.nextFloat() - 1;
    }
    int[] labels = {2, 0, 1};
    int[] sampleIds = {40, 41, 42};
    GradientEngine engine = new GradientEngine(network, BATCH);
    float[] grad = new float[params.length];
    engine.gradient(grad, params, x, labels, sampleIds, BATCH, seed, 7);
    float[] scratch = new float[params.length];
    double worst = 0;
    for (ParameterLayout.Tensor t : network.layout().tensors()) {
      boolean anyNonZero = false;
      for (int i = t.offset(); i < t.offset() + t.length(); i++) {
        double numeric = CentralDifference.of(engine, params, i, EPS, scratch, x, labels, sampleIds, BATCH, seed);
        double error = Math.abs(grad[i] - numeric);
        assertTrue(error <= ABS + REL * Math.max(Math.abs(grad[i]), Math.abs(numeric)),
            layers + ": " + t.name() + "[" + (i - t.offset()) + "] analytic " + grad[i]
                + ", numeric " + numeric);
        worst = Math.max(worst, error);
        anyNonZero |= grad[i] != 0f;
      }
      assertTrue(anyNonZero, t.name() + " has an all-zero gradient: the check would prove nothing");
    }
    System.out.printf("gradient check %s: max |analytic - numeric| = %.2e%n", layers, worst);
  }
}
