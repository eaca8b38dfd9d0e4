package org.actorgrad.kernel;

/** Argument checks shared by the Dense implementations: done once per call, never inside loops. */
final class DenseShapes {
  private DenseShapes() {}

  static void checkForward(float[] z, float[] x, float[] params, int wOff, int bOff,
      int batch, int in, int out) {
    checkDims(batch, in, out);
    checkParams("params", params, wOff, bOff, in, out);
    checkLength("z", z, (long) batch * out, "batch*out");
    checkLength("x", x, (long) batch * in, "batch*in");
    if (z == x || z == params) {
      throw new IllegalArgumentException("z must not share its array with x or params");
    }
  }

  static void checkBackward(float[] dx, float[] grad, float[] dz, float[] x, float[] params,
      int wOff, int bOff, int batch, int in, int out) {
    checkDims(batch, in, out);
    checkParams("params", params, wOff, bOff, in, out);
    checkParams("grad", grad, wOff, bOff, in, out);
    checkLength("dz", dz, (long) batch * out, "batch*out");
    checkLength("x", x, (long) batch * in, "batch*in");
    if (dx != null) {
      checkLength("dx", dx, (long) batch * in, "batch*in");
      if (dx == dz || dx == x || dx == params || dx == grad) {
        throw new IllegalArgumentException("dx must not share its array with dz, x, params or grad");
      }
    }
  }

  private static void checkDims(int batch, int in, int out) {
    if (batch < 1 || in < 1 || out < 1) {
      throw new IllegalArgumentException(
          "expected batch, in and out >= 1, found batch=" + batch + " in=" + in + " out=" + out);
    }
  }

  private static void checkParams(String name, float[] a, int wOff, int bOff, int in, int out) {
    if (a == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (wOff < 0 || (long) wOff + (long) out * in > a.length) {
      throw new IllegalArgumentException("expected W (" + out + "x" + in + ") at " + name + "[" + wOff
          + "..], but " + name + " holds " + a.length + " floats");
    }
    if (bOff < 0 || (long) bOff + out > a.length) {
      throw new IllegalArgumentException("expected b (" + out + ") at " + name + "[" + bOff
          + "..], but " + name + " holds " + a.length + " floats");
    }
  }

  static void checkLength(String name, float[] a, long needed, String what) {
    if (a == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (a.length < needed) {
      throw new IllegalArgumentException("expected " + name + " to hold at least " + what + " = "
          + needed + " floats, found " + a.length);
    }
  }
}
