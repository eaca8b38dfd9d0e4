package org.actorgrad.kernel;

/**
 * Element-wise (softmax: row-wise) activations over (batch, width) buffers. Transcendentals use
 * {@link StrictMath} in double, rounded once to float, so every JDK and CPU gives the same bits.
 */
public enum Activation {
  RELU("relu"),
  LEAKY_RELU("leaky_relu"),
  TANH("tanh"),
  SIGMOID("sigmoid"),
  LINEAR("linear"),
  STEP("step"),
  SOFTMAX("softmax");

  /** Slope of LEAKY_RELU for negative inputs (the common default, as in PyTorch). */
  public static final float LEAKY_SLOPE = 0.01f;

  private static final String EXPECTED =
      "relu, leaky_relu, tanh, sigmoid, linear, step, softmax";

  private final String id;

  Activation(String id) {
    this.id = id;
  }

  /** Spec names: relu, leaky_relu (also leakyrelu), tanh, sigmoid, linear, step, softmax. */
  public static Activation parse(String name) {
    if (name != null) {
      if (name.equals("leakyrelu")) {
        return LEAKY_RELU;
      }
      for (Activation a : values()) {
        if (a.id.equals(name)) {
          return a;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown activation '" + name + "' (expected one of " + EXPECTED + ")");
  }

  /** The canonical spec name. */
  public String id() {
    return id;
  }

  /** True for STEP: its gradient is zero, nothing below it learns (the model warns). */
  public boolean blocksGradient() {
    return this == STEP;
  }

  /** a (batch, width) = f(z); softmax is per row (max-subtracted, StrictMath.exp). a may be z. */
  public void forward(float[] a, float[] z, int batch, int width) {
    int n = checked(a, z, batch, width);
    switch (this) {
      case RELU:
        if (Dense.vector()) {
          ReluVector.forward(a, z, n);
          break;
        }
        for (int k = 0; k < n; k++) {
          a[k] = z[k] > 0f ? z[k] : 0f;
        }
        break;
      case LEAKY_RELU:
        for (int k = 0; k < n; k++) {
          a[k] = z[k] > 0f ? z[k] : LEAKY_SLOPE * z[k];
        }
        break;
      case TANH:
        for (int k = 0; k < n; k++) {
          a[k] = (float) StrictMath.tanh(z[k]);
        }
        break;
      case SIGMOID:
        for (int k = 0; k < n; k++) {
          a[k] = (float) (1.0 / (1.0 + StrictMath.exp(-(double) z[k])));
        }
        break;
      case LINEAR:
        System.arraycopy(z, 0, a, 0, n);
        break;
      case STEP:
        for (int k = 0; k < n; k++) {
          a[k] = z[k] > 0f ? 1f : 0f;
        }
        break;
      case SOFTMAX:
        for (int b = 0; b < batch; b++) {
          Softmax.row(a, z, b * width, width);
        }
        break;
      default:
        throw new AssertionError(this);
    }
  }

  /**
   * dz (batch, width) = da ⊙ f'(z); for softmax the row-wise Jacobian-vector product
   * a ⊙ (da - Σ da·a). a is the output of {@link #forward} for z. dz may be da.
   */
  public void backward(float[] dz, float[] da, float[] z, float[] a, int batch, int width) {
    int n = checked(dz, da, batch, width);
    DenseShapes.checkLength("z", z, n, "batch*width");
    DenseShapes.checkLength("a", a, n, "batch*width");
    switch (this) {
      case RELU:
        if (Dense.vector()) {
          ReluVector.backward(dz, da, z, n);
          break;
        }
        for (int k = 0; k < n; k++) {
          dz[k] = z[k] > 0f ? da[k] : 0f;
        }
        break;
      case LEAKY_RELU:
        for (int k = 0; k < n; k++) {
          dz[k] = z[k] > 0f ? da[k] : LEAKY_SLOPE * da[k];
        }
        break;
      case TANH:
        for (int k = 0; k < n; k++) {
          dz[k] = da[k] * (1f - a[k] * a[k]);
        }
        break;
      case SIGMOID:
        for (int k = 0; k < n; k++) {
          dz[k] = da[k] * (a[k] * (1f - a[k]));
        }
        break;
      case LINEAR:
        System.arraycopy(da, 0, dz, 0, n);
        break;
      case STEP:
        java.util.Arrays.fill(dz, 0, n, 0f);
        break;
      case SOFTMAX:
        for (int b = 0; b < batch; b++) {
          Softmax.rowBackward(dz, da, a, b * width, width);
        }
        break;
      default:
        throw new AssertionError(this);
    }
  }

  private static int checked(float[] out, float[] in, int batch, int width) {
    if (batch < 1 || width < 1) {
      throw new IllegalArgumentException(
          "expected batch and width >= 1, found batch=" + batch + " width=" + width);
    }
    long n = (long) batch * width;
    DenseShapes.checkLength("output", out, n, "batch*width");
    DenseShapes.checkLength("input", in, n, "batch*width");
    return (int) n;
  }
}
