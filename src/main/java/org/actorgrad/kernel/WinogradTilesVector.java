package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WinogradTiles}' transforms on the Vector API path, a vector of channels (or filters) at a
 * time: lane c does exactly the float operations WinogradTiles does for channel c, in the same
 * order, so the bits are the same (WinogradTest holds them to it). The channel-last layouts make
 * every load and store a whole vector (cp and op are multiples of 16). Only loaded when the
 * {@code jdk.incubator.vector} module is present.
 */
final class WinogradTilesVector {
  private static final VectorSpecies<Float> S = DenseVectorProduct.S;
  private static final int L = DenseVectorProduct.L;

  private WinogradTilesVector() {}

  /** {@link WinogradTiles#input}. */
  static void input(float[] v, float[] xt, Conv2dShape s) {
    int tr = Winograd.tileRows(s), tc = Winograd.tileCols(s), tiles = tr * tc;
    int cp = (int) Conv2dWorkspace.channelsPadded(s), rs = (2 * tc + 2) * cp, step = tiles * cp;
    for (int th = 0; th < tr; th++) {
      for (int tw = 0; tw < tc; tw++) {
        int t = th * tc + tw, base = (2 * th * (2 * tc + 2) + 2 * tw) * cp;
        for (int c = 0; c < cp; c += L) {
          int a = base + c, b = a + rs, d = b + rs, f = d + rs; // the tile's four rows
          FloatVector x00 = load(xt, a), x01 = load(xt, a + cp), x02 = load(xt, a + 2 * cp);
          FloatVector x03 = load(xt, a + 3 * cp);
          FloatVector x10 = load(xt, b), x11 = load(xt, b + cp), x12 = load(xt, b + 2 * cp);
          FloatVector x13 = load(xt, b + 3 * cp);
          FloatVector x20 = load(xt, d), x21 = load(xt, d + cp), x22 = load(xt, d + 2 * cp);
          FloatVector x23 = load(xt, d + 3 * cp);
          FloatVector x30 = load(xt, f), x31 = load(xt, f + cp), x32 = load(xt, f + 2 * cp);
          FloatVector x33 = load(xt, f + 3 * cp);
          int at = t * cp + c;
          inputRow(v, at, step, x00.sub(x20), x01.sub(x21), x02.sub(x22), x03.sub(x23));
          inputRow(v, at + 4 * step, step, x10.add(x20), x11.add(x21), x12.add(x22), x13.add(x23));
          inputRow(v, at + 8 * step, step, x20.sub(x10), x21.sub(x11), x22.sub(x12), x23.sub(x13));
          inputRow(v, at + 12 * step, step, x10.sub(x30), x11.sub(x31), x12.sub(x32), x13.sub(x33));
        }
      }
    }
  }

  private static void inputRow(float[] v, int at, int step, FloatVector e0, FloatVector e1,
      FloatVector e2, FloatVector e3) {
    e0.sub(e2).intoArray(v, at);
    e1.add(e2).intoArray(v, at + step);
    e2.sub(e1).intoArray(v, at + 2 * step);
    e1.sub(e3).intoArray(v, at + 3 * step);
  }

  /** {@link WinogradTiles#output}. */
  static void output(float[] zT, float[] m, Conv2dShape s) {
    int tr = Winograd.tileRows(s), tc = Winograd.tileCols(s), tiles = tr * tc;
    int op = (int) Conv2dWorkspace.filtersPadded(s), outRows = s.outRows(), outCols = s.outCols();
    int step = tiles * op;
    for (int th = 0; th < tr; th++) {
      for (int tw = 0; tw < tc; tw++) {
        int t = th * tc + tw;
        boolean second = 2 * th + 1 < outRows, right = 2 * tw + 1 < outCols;
        for (int o = 0; o < op; o += L) {
          int a = t * op + o, b = a + 4 * step, c = b + 4 * step, d = c + 4 * step; // M's rows
          FloatVector m00 = load(m, a), m01 = load(m, a + step), m02 = load(m, a + 2 * step);
          FloatVector m03 = load(m, a + 3 * step);
          FloatVector m10 = load(m, b), m11 = load(m, b + step), m12 = load(m, b + 2 * step);
          FloatVector m13 = load(m, b + 3 * step);
          FloatVector m20 = load(m, c), m21 = load(m, c + step), m22 = load(m, c + 2 * step);
          FloatVector m23 = load(m, c + 3 * step);
          FloatVector m30 = load(m, d), m31 = load(m, d + step), m32 = load(m, d + 2 * step);
          FloatVector m33 = load(m, d + 3 * step);
          FloatVector q00 = m00.add(m10).add(m20), q01 = m01.add(m11).add(m21);
          FloatVector q02 = m02.add(m12).add(m22), q03 = m03.add(m13).add(m23);
          FloatVector q10 = m10.sub(m20).sub(m30), q11 = m11.sub(m21).sub(m31);
          FloatVector q12 = m12.sub(m22).sub(m32), q13 = m13.sub(m23).sub(m33);
          int row = (2 * th * outCols + 2 * tw) * op + o;
          q00.add(q01).add(q02).intoArray(zT, row);
          if (right) {
            q01.sub(q02).sub(q03).intoArray(zT, row + op);
          }
          if (second) {
            q10.add(q11).add(q12).intoArray(zT, row + outCols * op);
            if (right) {
              q11.sub(q12).sub(q13).intoArray(zT, row + outCols * op + op);
            }
          }
        }
      }
    }
  }

  /** {@link WinogradTiles#outputGradient}. */
  static void outputGradient(float[] dm, float[] dzT, Conv2dShape s) {
    int tr = Winograd.tileRows(s), tc = Winograd.tileCols(s), tiles = tr * tc;
    int op = (int) Conv2dWorkspace.filtersPadded(s), outRows = s.outRows(), outCols = s.outCols();
    int step = tiles * op;
    FloatVector zero = FloatVector.zero(S);
    for (int th = 0; th < tr; th++) {
      for (int tw = 0; tw < tc; tw++) {
        int t = th * tc + tw;
        boolean second = 2 * th + 1 < outRows, right = 2 * tw + 1 < outCols;
        for (int o = 0; o < op; o += L) {
          int row = (2 * th * outCols + 2 * tw) * op + o;
          FloatVector y00 = load(dzT, row);
          FloatVector y01 = right ? load(dzT, row + op) : zero;
          FloatVector y10 = second ? load(dzT, row + outCols * op) : zero;
          FloatVector y11 = second && right ? load(dzT, row + outCols * op + op) : zero;
          int at = t * op + o;
          outputGradientRow(dm, at, step, y00, y01);
          outputGradientRow(dm, at + 4 * step, step, y00.add(y10), y01.add(y11));
          outputGradientRow(dm, at + 8 * step, step, y00.sub(y10), y01.sub(y11));
          outputGradientRow(dm, at + 12 * step, step, y10.neg(), y11.neg());
        }
      }
    }
  }

  private static void outputGradientRow(float[] dm, int at, int step, FloatVector q0, FloatVector q1) {
    q0.intoArray(dm, at);
    q0.add(q1).intoArray(dm, at + step);
    q0.sub(q1).intoArray(dm, at + 2 * step);
    q1.neg().intoArray(dm, at + 3 * step);
  }

  /** {@link WinogradTiles#inputGradient}. */
  static void inputGradient(float[] dxt, float[] dv, Conv2dShape s) {
    int tr = Winograd.tileRows(s), tc = Winograd.tileCols(s), tiles = tr * tc;
    int cp = (int) Conv2dWorkspace.channelsPadded(s), rs = (2 * tc + 2) * cp, step = tiles * cp;
    for (int th = 0; th < tr; th++) {
      for (int tw = 0; tw < tc; tw++) {
        int t = th * tc + tw, base = (2 * th * (2 * tc + 2) + 2 * tw) * cp;
        for (int c = 0; c < cp; c += L) {
          int a = t * cp + c, b = a + 4 * step, d = b + 4 * step, f = d + 4 * step; // dV's rows
          FloatVector v00 = load(dv, a), v01 = load(dv, a + step), v02 = load(dv, a + 2 * step);
          FloatVector v03 = load(dv, a + 3 * step);
          FloatVector v10 = load(dv, b), v11 = load(dv, b + step), v12 = load(dv, b + 2 * step);
          FloatVector v13 = load(dv, b + 3 * step);
          FloatVector v20 = load(dv, d), v21 = load(dv, d + step), v22 = load(dv, d + 2 * step);
          FloatVector v23 = load(dv, d + 3 * step);
          FloatVector v30 = load(dv, f), v31 = load(dv, f + step), v32 = load(dv, f + 2 * step);
          FloatVector v33 = load(dv, f + 3 * step);
          int at = base + c;
          inputGradientRow(dxt, at, cp, v00, v01, v02, v03);
          inputGradientRow(dxt, at + rs, cp, v10.sub(v20).add(v30), v11.sub(v21).add(v31),
              v12.sub(v22).add(v32), v13.sub(v23).add(v33));
          inputGradientRow(dxt, at + 2 * rs, cp, v10.sub(v00).add(v20), v11.sub(v01).add(v21),
              v12.sub(v02).add(v22), v13.sub(v03).add(v23));
          inputGradientRow(dxt, at + 3 * rs, cp, v30.neg(), v31.neg(), v32.neg(), v33.neg());
        }
      }
    }
  }

  private static void inputGradientRow(float[] dxt, int at, int cp, FloatVector e0, FloatVector e1,
      FloatVector e2, FloatVector e3) {
    load(dxt, at).add(e0).intoArray(dxt, at);
    load(dxt, at + cp).add(e1.sub(e2).add(e3)).intoArray(dxt, at + cp);
    load(dxt, at + 2 * cp).add(e1.sub(e0).add(e2)).intoArray(dxt, at + 2 * cp);
    load(dxt, at + 3 * cp).add(e3.neg()).intoArray(dxt, at + 3 * cp);
  }

  private static FloatVector load(float[] a, int at) {
    return FloatVector.fromArray(S, a, at);
  }
}
