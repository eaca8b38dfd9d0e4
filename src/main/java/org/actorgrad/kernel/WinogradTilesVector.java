package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WinogradTiles}' transforms on the Vector API path, a vector of channels (or filters) at a
 * time: lane c does exactly the float operations WinogradTiles does for channel c, in the same
 * order, so the bits are the same (WinogradTest holds them to it). The channel-last layouts make
 * every load and store a whole vector (cp and op are multiples of 16). No helper takes or returns
 * a vector: one that C2 compiles on its own and does not inline boxes its vectors on the heap.
 * Only loaded when the {@code jdk.incubator.vector} module is present.
 */
final class WinogradTilesVector {
  private static final VectorSpecies<Float> S = DenseVectorProduct.S;
  private static final int L = DenseVectorProduct.L;

  private WinogradTilesVector() {}

  /** {@link WinogradTiles#input}. */
  static void input(float[] v, float[] xt, Conv2dShape s) {
    int tr = Winograd.tileRows(s), tc = Winograd.tileCols(s), tiles = tr * tc;
    int cp = (int) Conv2dWorkspace.channelsPadded(s), wp = Winograd.paddedCols(s);
    int rs = wp * cp, step = tiles * cp;
    for (int th = 0; th < tr; th++) {
      for (int tw = 0; tw < tc; tw++) {
        int t = th * tc + tw, base = (2 * th * wp + 2 * tw) * cp;
        for (int c = 0; c < cp; c += L) {
          int a = base + c, b = a + rs, d = b + rs, f = d + rs; // the tile's four rows
          FloatVector x00 = FloatVector.fromArray(S, xt, a);
          FloatVector x01 = FloatVector.fromArray(S, xt, a + cp);
          FloatVector x02 = FloatVector.fromArray(S, xt, a + 2 * cp);
          FloatVector x03 = FloatVector.fromArray(S, xt, a + 3 * cp);
          FloatVector x10 = FloatVector.fromArray(S, xt, b);
          FloatVector x11 = FloatVector.fromArray(S, xt, b + cp);
          FloatVector x12 = FloatVector.fromArray(S, xt, b + 2 * cp);
          FloatVector x13 = FloatVector.fromArray(S, xt, b + 3 * cp);
          FloatVector x20 = FloatVector.fromArray(S, xt, d);
          FloatVector x21 = FloatVector.fromArray(S, xt, d + cp);
          FloatVector x22 = FloatVector.fromArray(S, xt, d + 2 * cp);
          FloatVector x23 = FloatVector.fromArray(S, xt, d + 3 * cp);
          FloatVector x30 = FloatVector.fromArray(S, xt, f);
          FloatVector x31 = FloatVector.fromArray(S, xt, f + cp);
          FloatVector x32 = FloatVector.fromArray(S, xt, f + 2 * cp);
          FloatVector x33 = FloatVector.fromArray(S, xt, f + 3 * cp);
          int at = t * cp + c;
          FloatVector e00 = x00.sub(x20), e01 = x01.sub(x21), e02 = x02.sub(x22);
          FloatVector e03 = x03.sub(x23);
          FloatVector e10 = x10.add(x20), e11 = x11.add(x21), e12 = x12.add(x22);
          FloatVector e13 = x13.add(x23);
          FloatVector e20 = x20.sub(x10), e21 = x21.sub(x11), e22 = x22.sub(x12);
          FloatVector e23 = x23.sub(x13);
          FloatVector e30 = x10.sub(x30), e31 = x11.sub(x31), e32 = x12.sub(x32);
          FloatVector e33 = x13.sub(x33);
          e00.sub(e02).intoArray(v, at);
          e01.add(e02).intoArray(v, at + step);
          e02.sub(e01).intoArray(v, at + 2 * step);
          e01.sub(e03).intoArray(v, at + 3 * step);
          e10.sub(e12).intoArray(v, at + 4 * step);
          e11.add(e12).intoArray(v, at + 4 * step + step);
          e12.sub(e11).intoArray(v, at + 4 * step + 2 * step);
          e11.sub(e13).intoArray(v, at + 4 * step + 3 * step);
          e20.sub(e22).intoArray(v, at + 8 * step);
          e21.add(e22).intoArray(v, at + 8 * step + step);
          e22.sub(e21).intoArray(v, at + 8 * step + 2 * step);
          e21.sub(e23).intoArray(v, at + 8 * step + 3 * step);
          e30.sub(e32).intoArray(v, at + 12 * step);
          e31.add(e32).intoArray(v, at + 12 * step + step);
          e32.sub(e31).intoArray(v, at + 12 * step + 2 * step);
          e31.sub(e33).intoArray(v, at + 12 * step + 3 * step);
        }
      }
    }
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
          FloatVector m00 = FloatVector.fromArray(S, m, a);
          FloatVector m01 = FloatVector.fromArray(S, m, a + step);
          FloatVector m02 = FloatVector.fromArray(S, m, a + 2 * step);
          FloatVector m03 = FloatVector.fromArray(S, m, a + 3 * step);
          FloatVector m10 = FloatVector.fromArray(S, m, b);
          FloatVector m11 = FloatVector.fromArray(S, m, b + step);
          FloatVector m12 = FloatVector.fromArray(S, m, b + 2 * step);
          FloatVector m13 = FloatVector.fromArray(S, m, b + 3 * step);
          FloatVector m20 = FloatVector.fromArray(S, m, c);
          FloatVector m21 = FloatVector.fromArray(S, m, c + step);
          FloatVector m22 = FloatVector.fromArray(S, m, c + 2 * step);
          FloatVector m23 = FloatVector.fromArray(S, m, c + 3 * step);
          FloatVector m30 = FloatVector.fromArray(S, m, d);
          FloatVector m31 = FloatVector.fromArray(S, m, d + step);
          FloatVector m32 = FloatVector.fromArray(S, m, d + 2 * step);
          FloatVector m33 = FloatVector.fromArray(S, m, d + 3 * step);
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
          FloatVector y00 = FloatVector.fromArray(S, dzT, row);
          FloatVector y01 = right ? FloatVector.fromArray(S, dzT, row + op) : zero;
          FloatVector y10 = second ? FloatVector.fromArray(S, dzT, row + outCols * op) : zero;
          FloatVector y11 =
              second && right ? FloatVector.fromArray(S, dzT, row + outCols * op + op) : zero;
          int at = t * op + o;
          FloatVector q00 = y00, q01 = y01;
          FloatVector q10 = y00.add(y10), q11 = y01.add(y11);
          FloatVector q20 = y00.sub(y10), q21 = y01.sub(y11);
          FloatVector q30 = y10.neg(), q31 = y11.neg();
          q00.intoArray(dm, at);
          q00.add(q01).intoArray(dm, at + step);
          q00.sub(q01).intoArray(dm, at + 2 * step);
          q01.neg().intoArray(dm, at + 3 * step);
          q10.intoArray(dm, at + 4 * step);
          q10.add(q11).intoArray(dm, at + 4 * step + step);
          q10.sub(q11).intoArray(dm, at + 4 * step + 2 * step);
          q11.neg().intoArray(dm, at + 4 * step + 3 * step);
          q20.intoArray(dm, at + 8 * step);
          q20.add(q21).intoArray(dm, at + 8 * step + step);
          q20.sub(q21).intoArray(dm, at + 8 * step + 2 * step);
          q21.neg().intoArray(dm, at + 8 * step + 3 * step);
          q30.intoArray(dm, at + 12 * step);
          q30.add(q31).intoArray(dm, at + 12 * step + step);
          q30.sub(q31).intoArray(dm, at + 12 * step + 2 * step);
          q31.neg().intoArray(dm, at + 12 * step + 3 * step);
        }
      }
    }
  }

  /** {@link WinogradTiles#inputGradient}. */
  static void inputGradient(float[] dxt, float[] dv, Conv2dShape s) {
    int tr = Winograd.tileRows(s), tc = Winograd.tileCols(s), tiles = tr * tc;
    int cp = (int) Conv2dWorkspace.channelsPadded(s), wp = Winograd.paddedCols(s);
    int rs = wp * cp, step = tiles * cp;
    for (int th = 0; th < tr; th++) {
      for (int tw = 0; tw < tc; tw++) {
        int t = th * tc + tw, base = (2 * th * wp + 2 * tw) * cp;
        for (int c = 0; c < cp; c += L) {
          int a = t * cp + c, b = a + 4 * step, d = b + 4 * step, f = d + 4 * step; // dV's rows
          FloatVector v00 = FloatVector.fromArray(S, dv, a);
          FloatVector v01 = FloatVector.fromArray(S, dv, a + step);
          FloatVector v02 = FloatVector.fromArray(S, dv, a + 2 * step);
          FloatVector v03 = FloatVector.fromArray(S, dv, a + 3 * step);
          FloatVector v10 = FloatVector.fromArray(S, dv, b);
          FloatVector v11 = FloatVector.fromArray(S, dv, b + step);
          FloatVector v12 = FloatVector.fromArray(S, dv, b + 2 * step);
          FloatVector v13 = FloatVector.fromArray(S, dv, b + 3 * step);
          FloatVector v20 = FloatVector.fromArray(S, dv, d);
          FloatVector v21 = FloatVector.fromArray(S, dv, d + step);
          FloatVector v22 = FloatVector.fromArray(S, dv, d + 2 * step);
          FloatVector v23 = FloatVector.fromArray(S, dv, d + 3 * step);
          FloatVector v30 = FloatVector.fromArray(S, dv, f);
          FloatVector v31 = FloatVector.fromArray(S, dv, f + step);
          FloatVector v32 = FloatVector.fromArray(S, dv, f + 2 * step);
          FloatVector v33 = FloatVector.fromArray(S, dv, f + 3 * step);
          int at = base + c;
          FloatVector e00 = v00, e01 = v01, e02 = v02, e03 = v03;
          FloatVector e10 = v10.sub(v20).add(v30), e11 = v11.sub(v21).add(v31);
          FloatVector e12 = v12.sub(v22).add(v32), e13 = v13.sub(v23).add(v33);
          FloatVector e20 = v10.sub(v00).add(v20), e21 = v11.sub(v01).add(v21);
          FloatVector e22 = v12.sub(v02).add(v22), e23 = v13.sub(v03).add(v23);
          FloatVector e30 = v30.neg(), e31 = v31.neg(), e32 = v32.neg(), e33 = v33.neg();
          int p0 = at;
          FloatVector.fromArray(S, dxt, p0).add(e00).intoArray(dxt, p0);
          FloatVector.fromArray(S, dxt, p0 + cp).add(e01.sub(e02).add(e03)).intoArray(dxt, p0 + cp);
          FloatVector.fromArray(S, dxt, p0 + 2 * cp).add(e01.sub(e00).add(e02))
              .intoArray(dxt, p0 + 2 * cp);
          FloatVector.fromArray(S, dxt, p0 + 3 * cp).add(e03.neg()).intoArray(dxt, p0 + 3 * cp);
          int p1 = at + rs;
          FloatVector.fromArray(S, dxt, p1).add(e10).intoArray(dxt, p1);
          FloatVector.fromArray(S, dxt, p1 + cp).add(e11.sub(e12).add(e13)).intoArray(dxt, p1 + cp);
          FloatVector.fromArray(S, dxt, p1 + 2 * cp).add(e11.sub(e10).add(e12))
              .intoArray(dxt, p1 + 2 * cp);
          FloatVector.fromArray(S, dxt, p1 + 3 * cp).add(e13.neg()).intoArray(dxt, p1 + 3 * cp);
          int p2 = at + 2 * rs;
          FloatVector.fromArray(S, dxt, p2).add(e20).intoArray(dxt, p2);
          FloatVector.fromArray(S, dxt, p2 + cp).add(e21.sub(e22).add(e23)).intoArray(dxt, p2 + cp);
          FloatVector.fromArray(S, dxt, p2 + 2 * cp).add(e21.sub(e20).add(e22))
              .intoArray(dxt, p2 + 2 * cp);
          FloatVector.fromArray(S, dxt, p2 + 3 * cp).add(e23.neg()).intoArray(dxt, p2 + 3 * cp);
          int p3 = at + 3 * rs;
          FloatVector.fromArray(S, dxt, p3).add(e30).intoArray(dxt, p3);
          FloatVector.fromArray(S, dxt, p3 + cp).add(e31.sub(e32).add(e33)).intoArray(dxt, p3 + cp);
          FloatVector.fromArray(S, dxt, p3 + 2 * cp).add(e31.sub(e30).add(e32))
              .intoArray(dxt, p3 + 2 * cp);
          FloatVector.fromArray(S, dxt, p3 + 3 * cp).add(e33.neg()).intoArray(dxt, p3 + 3 * cp);
        }
      }
    }
  }

  /**
   * {@link WinogradTiles#filter} for 16 (or 8) filters at a time: u (16, C, op) with u[(ξ·C + c)·op
   * + o] = (G g Gᵀ)[ξ] of the filter g = W[o, c], from wt (C·9, op) = W transposed (wt[(c·9 + k)·op
   * + o] = W[o, c, k / 3, k % 3]). Lane o does the scalar code's operations for filter o.
   */
  static void filters(float[] u, float[] wt, Conv2dShape s) {
    int channels = s.channels(), op = (int) Conv2dWorkspace.filtersPadded(s), step = channels * op;
    for (int c = 0; c < channels; c++) {
      for (int o = 0; o < op; o += L) {
        int w = c * 9 * op + o;
        FloatVector g00 = FloatVector.fromArray(S, wt, w), g01 = FloatVector.fromArray(S, wt, w + op);
        FloatVector g02 = FloatVector.fromArray(S, wt, w + 2 * op);
        FloatVector g10 = FloatVector.fromArray(S, wt, w + 3 * op);
        FloatVector g11 = FloatVector.fromArray(S, wt, w + 4 * op);
        FloatVector g12 = FloatVector.fromArray(S, wt, w + 5 * op);
        FloatVector g20 = FloatVector.fromArray(S, wt, w + 6 * op);
        FloatVector g21 = FloatVector.fromArray(S, wt, w + 7 * op);
        FloatVector g22 = FloatVector.fromArray(S, wt, w + 8 * op);
        // G g, row by row (rows 0 and 3 are g's rows 0 and 2)
        FloatVector e10 = g00.mul(0.5f).add(g10.mul(0.5f)).add(g20.mul(0.5f));
        FloatVector e11 = g01.mul(0.5f).add(g11.mul(0.5f)).add(g21.mul(0.5f));
        FloatVector e12 = g02.mul(0.5f).add(g12.mul(0.5f)).add(g22.mul(0.5f));
        FloatVector e20 = g00.mul(0.5f).sub(g10.mul(0.5f)).add(g20.mul(0.5f));
        FloatVector e21 = g01.mul(0.5f).sub(g11.mul(0.5f)).add(g21.mul(0.5f));
        FloatVector e22 = g02.mul(0.5f).sub(g12.mul(0.5f)).add(g22.mul(0.5f));
        int at = c * op + o;
        // (G g) Gᵀ, row by row: row i's four values at ξ = 4i..4i+3
        g00.intoArray(u, at);
        g00.mul(0.5f).add(g01.mul(0.5f)).add(g02.mul(0.5f)).intoArray(u, at + step);
        g00.mul(0.5f).sub(g01.mul(0.5f)).add(g02.mul(0.5f)).intoArray(u, at + 2 * step);
        g02.intoArray(u, at + 3 * step);
        e10.intoArray(u, at + 4 * step);
        e10.mul(0.5f).add(e11.mul(0.5f)).add(e12.mul(0.5f)).intoArray(u, at + 5 * step);
        e10.mul(0.5f).sub(e11.mul(0.5f)).add(e12.mul(0.5f)).intoArray(u, at + 6 * step);
        e12.intoArray(u, at + 7 * step);
        e20.intoArray(u, at + 8 * step);
        e20.mul(0.5f).add(e21.mul(0.5f)).add(e22.mul(0.5f)).intoArray(u, at + 9 * step);
        e20.mul(0.5f).sub(e21.mul(0.5f)).add(e22.mul(0.5f)).intoArray(u, at + 10 * step);
        e22.intoArray(u, at + 11 * step);
        g20.intoArray(u, at + 12 * step);
        g20.mul(0.5f).add(g21.mul(0.5f)).add(g22.mul(0.5f)).intoArray(u, at + 13 * step);
        g20.mul(0.5f).sub(g21.mul(0.5f)).add(g22.mul(0.5f)).intoArray(u, at + 14 * step);
        g22.intoArray(u, at + 15 * step);
      }
    }
  }

  /**
   * The values {@link WinogradTiles#filterGradient} adds, for 16 (or 8) filters at a time:
   * dwt (C·9, op) with dwt[(c·9 + k)·op + o] = (Gᵀ dU G)[k / 3, k % 3] of dU[ξ] = du[(ξ·C + c)·op + o].
   */
  static void filterGradients(float[] dwt, float[] du, Conv2dShape s) {
    int channels = s.channels(), op = (int) Conv2dWorkspace.filtersPadded(s), step = channels * op;
    for (int c = 0; c < channels; c++) {
      for (int o = 0; o < op; o += L) {
        int a = c * op + o, b = a + 4 * step, d = b + 4 * step, f = d + 4 * step; // dU's rows
        FloatVector u00 = FloatVector.fromArray(S, du, a), u01 = FloatVector.fromArray(S, du, a + step);
        FloatVector u02 = FloatVector.fromArray(S, du, a + 2 * step);
        FloatVector u03 = FloatVector.fromArray(S, du, a + 3 * step);
        FloatVector u10 = FloatVector.fromArray(S, du, b), u11 = FloatVector.fromArray(S, du, b + step);
        FloatVector u12 = FloatVector.fromArray(S, du, b + 2 * step);
        FloatVector u13 = FloatVector.fromArray(S, du, b + 3 * step);
        FloatVector u20 = FloatVector.fromArray(S, du, d), u21 = FloatVector.fromArray(S, du, d + step);
        FloatVector u22 = FloatVector.fromArray(S, du, d + 2 * step);
        FloatVector u23 = FloatVector.fromArray(S, du, d + 3 * step);
        FloatVector u30 = FloatVector.fromArray(S, du, f), u31 = FloatVector.fromArray(S, du, f + step);
        FloatVector u32 = FloatVector.fromArray(S, du, f + 2 * step);
        FloatVector u33 = FloatVector.fromArray(S, du, f + 3 * step);
        // Gᵀ dU, row by row
        FloatVector e00 = u00.add(u10.mul(0.5f)).add(u20.mul(0.5f));
        FloatVector e01 = u01.add(u11.mul(0.5f)).add(u21.mul(0.5f));
        FloatVector e02 = u02.add(u12.mul(0.5f)).add(u22.mul(0.5f));
        FloatVector e03 = u03.add(u13.mul(0.5f)).add(u23.mul(0.5f));
        FloatVector e10 = u10.mul(0.5f).sub(u20.mul(0.5f)), e11 = u11.mul(0.5f).sub(u21.mul(0.5f));
        FloatVector e12 = u12.mul(0.5f).sub(u22.mul(0.5f)), e13 = u13.mul(0.5f).sub(u23.mul(0.5f));
        FloatVector e20 = u10.mul(0.5f).add(u20.mul(0.5f)).add(u30);
        FloatVector e21 = u11.mul(0.5f).add(u21.mul(0.5f)).add(u31);
        FloatVector e22 = u12.mul(0.5f).add(u22.mul(0.5f)).add(u32);
        FloatVector e23 = u13.mul(0.5f).add(u23.mul(0.5f)).add(u33);
        // (Gᵀ dU) G, row by row: dW's row k at k·3..k·3+2
        int w = c * 9 * op + o;
        e00.add(e01.mul(0.5f)).add(e02.mul(0.5f)).intoArray(dwt, w);
        e01.mul(0.5f).sub(e02.mul(0.5f)).intoArray(dwt, w + op);
        e01.mul(0.5f).add(e02.mul(0.5f)).add(e03).intoArray(dwt, w + 2 * op);
        e10.add(e11.mul(0.5f)).add(e12.mul(0.5f)).intoArray(dwt, w + 3 * op);
        e11.mul(0.5f).sub(e12.mul(0.5f)).intoArray(dwt, w + 4 * op);
        e11.mul(0.5f).add(e12.mul(0.5f)).add(e13).intoArray(dwt, w + 5 * op);
        e20.add(e21.mul(0.5f)).add(e22.mul(0.5f)).intoArray(dwt, w + 6 * op);
        e21.mul(0.5f).sub(e22.mul(0.5f)).intoArray(dwt, w + 7 * op);
        e21.mul(0.5f).add(e22.mul(0.5f)).add(e23).intoArray(dwt, w + 8 * op);
      }
    }
  }
}
