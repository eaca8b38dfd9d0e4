package org.actorgrad.kernel;

import java.util.Optional;

/**
 * The fully connected layer, where most of training's time goes: dispatches once, at class
 * initialisation, to the Vector API path ({@code DenseVector}: 512-bit vectors where the hardware
 * has them, else 256) when the {@code jdk.incubator.vector} module is present, else to
 * {@link DenseScalar}. All produce the same bits (see {@link DenseScalar} for the arithmetic
 * order), so the choice affects speed only.
 *
 * <p>System property {@code actorgrad.kernel=scalar} forces the scalar path, {@code vector-256}
 * 256-bit vectors (benchmarks, tests). Arrays may be longer than needed; {@code dx} must not share
 * an array with the other arguments.
 */
public final class Dense {
  private static final boolean VECTOR = vectorPathUsable();

  private Dense() {}

  /**
   * z (batch, out) = x (batch, in) · Wᵀ + b; W (out, in) row-major at params[wOff..], b (out) at
   * params[bOff..]. Allocates a workspace for this one call: loops use the overload taking one.
   *
   * @throws IllegalArgumentException if a size is below 1 or an array is too short
   */
  public static void forward(float[] z, float[] x, float[] params, int wOff, int bOff,
      int batch, int in, int out) {
    forward(z, x, params, wOff, bOff, batch, in, out,
        VECTOR ? DenseWorkspace.forLayer(Math.max(batch, 1), Math.max(in, 1), Math.max(out, 1)) : null);
  }

  /**
   * As {@link #forward(float[], float[], float[], int, int, int, int, int)}, with scratch memory
   * from {@code ws} (allocates nothing); ws may be null on the scalar path only.
   *
   * @throws IllegalArgumentException if a size is below 1, an array is too short or ws is too small
   */
  public static void forward(float[] z, float[] x, float[] params, int wOff, int bOff,
      int batch, int in, int out, DenseWorkspace ws) {
    if (VECTOR) {
      if (ws == null || !ws.fits(batch, in, out)) {
        throw new IllegalArgumentException("expected a workspace for batch " + batch + ", in " + in
            + ", out " + out + (ws == null ? ", found none" : ", found a smaller one"));
      }
      DenseVector.forward(z, x, params, wOff, bOff, batch, in, out, ws);
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

  /** True where the Vector API path is in use (the other kernel classes dispatch on it too). */
  static boolean vector() {
    return VECTOR;
  }

  /** "vector-512", "vector-256" or "scalar": which implementation is in use (for logs and the benchmark). */
  public static String path() {
    return VECTOR ? DenseVector.path() : "scalar";
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
