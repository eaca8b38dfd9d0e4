package org.actorgrad.kernel;

import java.util.Optional;

/**
 * The fully connected layer, where most of training's time goes: dispatches once, at class
 * initialisation, to the Vector API path ({@code DenseVector}, 8-lane SPECIES_256) when the
 * {@code jdk.incubator.vector} module is present, else to {@link DenseScalar}. Both produce the
 * same bits (see {@link DenseScalar} for the arithmetic order), so the choice affects speed only.
 *
 * <p>System property {@code actorgrad.kernel=scalar} forces the scalar path (benchmarks, tests).
 * Arrays may be longer than needed; {@code dx} must not share an array with the other arguments.
 */
public final class Dense {
  private static final boolean VECTOR = vectorPathUsable();

  private Dense() {}

  /** z (batch, out) = x (batch, in) · Wᵀ + b; W (out, in) row-major at params[wOff..], b (out) at params[bOff..]. */
  public static void forward(float[] z, float[] x, float[] params, int wOff, int bOff,
      int batch, int in, int out) {
    if (VECTOR) {
      DenseVector.forward(z, x, params, wOff, bOff, batch, in, out);
    } else {
      DenseScalar.forward(z, x, params, wOff, bOff, batch, in, out);
    }
  }

  /**
   * Accumulates (+=) dW into grad[wOff..] and db into grad[bOff..] (same layout as params);
   * overwrites dx (batch, in) = dz · W unless dx == null (first layer skips it). dz is (batch, out).
   */
  public static void backward(float[] dx, float[] grad, float[] dz, float[] x, float[] params,
      int wOff, int bOff, int batch, int in, int out) {
    if (VECTOR) {
      DenseVector.backward(dx, grad, dz, x, params, wOff, bOff, batch, in, out);
    } else {
      DenseScalar.backward(dx, grad, dz, x, params, wOff, bOff, batch, in, out);
    }
  }

  /** "vector-256" or "scalar": which implementation is in use (for logs and the benchmark). */
  public static String path() {
    return VECTOR ? "vector-256" : "scalar";
  }

  // DenseVector is only named behind this check, so its Vector API types are never loaded without the module.
  private static boolean vectorPathUsable() {
    if ("scalar".equals(System.getProperty("actorgrad.kernel"))) {
      return false;
    }
    Optional<Module> module = ModuleLayer.boot().findModule("jdk.incubator.vector");
    return module.isPresent() && DenseVector.hardwareHas256BitVectors();
  }
}
