package org.actorgrad.kernel;

import org.actorgrad.random.SeededRandom;

/**
 * Weight initialisers drawing from a {@link SeededRandom}, in row-major order of W (fanOut, fanIn),
 * so a seed fixes every weight on every node. He normal suits the ReLU family (it keeps the
 * activations' variance through layers that zero half their inputs), Xavier/Glorot uniform the
 * others; biases start at zero ({@link #initializeLayer} does all three).
 */
public final class Initializers {
  private Initializers() {}

  /** Fills params[wOff .. wOff+fanOut*fanIn) with N(0, 2/fanIn) draws (He et al., 2015). */
  public static void heNormal(float[] params, int wOff, int fanIn, int fanOut, SeededRandom rng) {
    int n = checked(params, wOff, fanIn, fanOut, rng);
    double std = StrictMath.sqrt(2.0 / fanIn);
    for (int k = 0; k < n; k++) {
      params[wOff + k] = (float) (rng.nextGaussian() * std);
    }
  }

  /** Fills params[wOff .. wOff+fanOut*fanIn) uniformly in ±sqrt(6/(fanIn+fanOut)) (Glorot and Bengio, 2010). */
  public static void xavierUniform(float[] params, int wOff, int fanIn, int fanOut, SeededRandom rng) {
    int n = checked(params, wOff, fanIn, fanOut, rng);
    double limit = StrictMath.sqrt(6.0 / ((double) fanIn + fanOut));
    for (int k = 0; k < n; k++) {
      params[wOff + k] = (float) ((2.0 * rng.nextDouble() - 1.0) * limit);
    }
  }

  /**
   * Initialises one dense layer's W (fanOut, fanIn) at wOff and b (fanOut) at bOff: He normal
   * for RELU and LEAKY_RELU, Xavier uniform otherwise; biases set to zero.
   */
  public static void initializeLayer(float[] params, int wOff, int bOff, int fanIn, int fanOut,
      Activation activation, SeededRandom rng) {
    if (activation == Activation.RELU || activation == Activation.LEAKY_RELU) {
      heNormal(params, wOff, fanIn, fanOut, rng);
    } else {
      xavierUniform(params, wOff, fanIn, fanOut, rng);
    }
    DenseShapes.checkLength("params", params, (long) bOff + fanOut, "bOff+fanOut");
    java.util.Arrays.fill(params, bOff, bOff + fanOut, 0f);
  }

  private static int checked(float[] params, int wOff, int fanIn, int fanOut, SeededRandom rng) {
    if (fanIn < 1 || fanOut < 1) {
      throw new IllegalArgumentException(
          "expected fanIn and fanOut >= 1, found fanIn=" + fanIn + " fanOut=" + fanOut);
    }
    if (rng == null) {
      throw new IllegalArgumentException("rng must not be null");
    }
    if (wOff < 0) {
      throw new IllegalArgumentException("expected wOff >= 0, found " + wOff);
    }
    DenseShapes.checkLength("params", params, (long) wOff + (long) fanIn * fanOut, "wOff+fanIn*fanOut");
    return fanIn * fanOut;
  }
}
