package org.actorgrad.kernel;

/**
 * The transforms of {@link Winograd}'s F(2x2, 3x3), float by float: the scalar path, and the
 * definition {@link WinogradTilesVector} computes lane by lane with the same operations in the same
 * order. A tile's 4x4 values are indexed ξ = 4·row + column. Each transform X ↦ P X Qᵀ applies P
 * down the tile's columns first, then Q along the rows of the result, and each entry of a matrix
 * times a vector is its row's nonzero terms (entry · value: ±value for ±1, value · 0.5f for ½)
 * summed left to right from the first term (not from zero): the plain matrix products, which
 * {@code Conv2dWinogradPlain} in the tests computes from the matrices themselves. Where the code
 * reads b - a for -a + b, the bits are the same (IEEE addition commutes, and a - b is a + (-b)).
 */
final class WinogradTiles {
  private WinogradTiles() {}

  /**
   * v (16, T, cp) = Bᵀ d B for every tile t and channel c < cp, d the 4x4 block of the padded
   * channel-last input xt at rows 2th.., columns 2tw.. (Bᵀ = [[1,0,-1,0],[0,1,1,0],[0,-1,1,0],
   * [0,1,0,-1]]: e0 = d0 - d2, e1 = d1 + d2, e2 = d2 - d1, e3 = d1 - d3).
   */
  static void input(float[] v, float[] xt, Conv2dShape s) {
    int tr = Winograd.tileRows(s), tc = Winograd.tileCols(s), tiles = tr * tc;
    int cp = (int) Conv2dWorkspace.channelsPadded(s), wp = Winograd.paddedCols(s);
    int rs = wp * cp, step = tiles * cp;
    for (int th = 0; th < tr; th++) {
      for (int tw = 0; tw < tc; tw++) {
        int t = th * tc + tw, base = (2 * th * wp + 2 * tw) * cp;
        for (int c = 0; c < cp; c++) {
          int a = base + c, b = a + rs, d = b + rs, f = d + rs; // the tile's four rows
          float x00 = xt[a], x01 = xt[a + cp], x02 = xt[a + 2 * cp], x03 = xt[a + 3 * cp];
          float x10 = xt[b], x11 = xt[b + cp], x12 = xt[b + 2 * cp], x13 = xt[b + 3 * cp];
          float x20 = xt[d], x21 = xt[d + cp], x22 = xt[d + 2 * cp], x23 = xt[d + 3 * cp];
          float x30 = xt[f], x31 = xt[f + cp], x32 = xt[f + 2 * cp], x33 = xt[f + 3 * cp];
          int at = t * cp + c;
          inputRow(v, at, step, x00 - x20, x01 - x21, x02 - x22, x03 - x23);
          inputRow(v, at + 4 * step, step, x10 + x20, x11 + x21, x12 + x22, x13 + x23);
          inputRow(v, at + 8 * step, step, x20 - x10, x21 - x11, x22 - x12, x23 - x13);
          inputRow(v, at + 12 * step, step, x10 - x30, x11 - x31, x12 - x32, x13 - x33);
        }
      }
    }
  }

  /** One row of Bᵀ d B: v[at + j·step] = (e · B)[j] for the row e = (e0, e1, e2, e3) of Bᵀ d. */
  private static void inputRow(float[] v, int at, int step, float e0, float e1, float e2, float e3) {
    v[at] = e0 - e2;
    v[at + step] = e1 + e2;
    v[at + 2 * step] = e2 - e1;
    v[at + 3 * step] = e1 - e3;
  }

  /**
   * zT (OH·OW, op) = Aᵀ M A for every tile's outputs inside OH x OW and filter o < op, M from m
   * (16, T, op) (Aᵀ = [[1,1,1,0],[0,1,-1,-1]]: y0 = (m0 + m1) + m2, y1 = (m1 - m2) - m3).
   */
  static void output(float[] zT, float[] m, Conv2dShape s) {
    int tr = Winograd.tileRows(s), tc = Winograd.tileCols(s), tiles = tr * tc;
    int op = (int) Conv2dWorkspace.filtersPadded(s), outRows = s.outRows(), outCols = s.outCols();
    int step = tiles * op;
    for (int th = 0; th < tr; th++) {
      for (int tw = 0; tw < tc; tw++) {
        int t = th * tc + tw;
        boolean second = 2 * th + 1 < outRows, right = 2 * tw + 1 < outCols;
        for (int o = 0; o < op; o++) {
          int a = t * op + o, b = a + 4 * step, c = b + 4 * step, d = c + 4 * step; // M's rows
          float m00 = m[a], m01 = m[a + step], m02 = m[a + 2 * step], m03 = m[a + 3 * step];
          float m10 = m[b], m11 = m[b + step], m12 = m[b + 2 * step], m13 = m[b + 3 * step];
          float m20 = m[c], m21 = m[c + step], m22 = m[c + 2 * step], m23 = m[c + 3 * step];
          float m30 = m[d], m31 = m[d + step], m32 = m[d + 2 * step], m33 = m[d + 3 * step];
          float q00 = (m00 + m10) + m20, q01 = (m01 + m11) + m21;
          float q02 = (m02 + m12) + m22, q03 = (m03 + m13) + m23;
          float q10 = (m10 - m20) - m30, q11 = (m11 - m21) - m31;
          float q12 = (m12 - m22) - m32, q13 = (m13 - m23) - m33;
          int row = (2 * th * outCols + 2 * tw) * op + o;
          zT[row] = (q00 + q01) + q02;
          if (right) {
            zT[row + op] = (q01 - q02) - q03;
          }
          if (second) {
            zT[row + outCols * op] = (q10 + q11) + q12;
            if (right) {
              zT[row + outCols * op + op] = (q11 - q12) - q13;
            }
          }
        }
      }
    }
  }

  /**
   * dm (16, T, op) = A dY Aᵀ for every tile and filter o < op, dY the tile's 2x2 of dzT
   * (OH·OW, op), +0 outside OH x OW (A = [[1,0],[1,1],[1,-1],[0,-1]]: e0 = y0, e1 = y0 + y1,
   * e2 = y0 - y1, e3 = -y1).
   */
  static void outputGradient(float[] dm, float[] dzT, Conv2dShape s) {
    int tr = Winograd.tileRows(s), tc = Winograd.tileCols(s), tiles = tr * tc;
    int op = (int) Conv2dWorkspace.filtersPadded(s), outRows = s.outRows(), outCols = s.outCols();
    int step = tiles * op;
    for (int th = 0; th < tr; th++) {
      for (int tw = 0; tw < tc; tw++) {
        int t = th * tc + tw;
        boolean second = 2 * th + 1 < outRows, right = 2 * tw + 1 < outCols;
        for (int o = 0; o < op; o++) {
          int row = (2 * th * outCols + 2 * tw) * op + o;
          float y00 = dzT[row];
          float y01 = right ? dzT[row + op] : 0f;
          float y10 = second ? dzT[row + outCols * op] : 0f;
          float y11 = second && right ? dzT[row + outCols * op + op] : 0f;
          int at = t * op + o;
          outputGradientRow(dm, at, step, y00, y01);
          outputGradientRow(dm, at + 4 * step, step, y00 + y10, y01 + y11);
          outputGradientRow(dm, at + 8 * step, step, y00 - y10, y01 - y11);
          outputGradientRow(dm, at + 12 * step, step, -y10, -y11);
        }
      }
    }
  }

  /** One row of A dY Aᵀ: dm[at + j·step] = (A (q0, q1))[j] for the row (q0, q1) of A dY. */
  private static void outputGradientRow(float[] dm, int at, int step, float q0, float q1) {
    dm[at] = q0;
    dm[at + step] = q0 + q1;
    dm[at + 2 * step] = q0 - q1;
    dm[at + 3 * step] = -q1;
  }

  /**
   * dxt (the padded channel-last input's gradient) += B dV Bᵀ for every tile t in increasing t and
   * channel c < cp, dV from dv (16, T, cp) (B = [[1,0,0,0],[0,1,-1,1],[-1,1,1,0],[0,0,0,-1]]:
   * e0 = v0, e1 = (v1 - v2) + v3, e2 = (v1 - v0) + v2, e3 = -v3).
   */
  static void inputGradient(float[] dxt, float[] dv, Conv2dShape s) {
    int tr = Winograd.tileRows(s), tc = Winograd.tileCols(s), tiles = tr * tc;
    int cp = (int) Conv2dWorkspace.channelsPadded(s), wp = Winograd.paddedCols(s);
    int rs = wp * cp, step = tiles * cp;
    for (int th = 0; th < tr; th++) {
      for (int tw = 0; tw < tc; tw++) {
        int t = th * tc + tw, base = (2 * th * wp + 2 * tw) * cp;
        for (int c = 0; c < cp; c++) {
          int a = t * cp + c, b = a + 4 * step, d = b + 4 * step, f = d + 4 * step; // dV's rows
          float v00 = dv[a], v01 = dv[a + step], v02 = dv[a + 2 * step], v03 = dv[a + 3 * step];
          float v10 = dv[b], v11 = dv[b + step], v12 = dv[b + 2 * step], v13 = dv[b + 3 * step];
          float v20 = dv[d], v21 = dv[d + step], v22 = dv[d + 2 * step], v23 = dv[d + 3 * step];
          float v30 = dv[f], v31 = dv[f + step], v32 = dv[f + 2 * step], v33 = dv[f + 3 * step];
          int at = base + c;
          inputGradientRow(dxt, at, cp, v00, v01, v02, v03);
          inputGradientRow(dxt, at + rs, cp, (v10 - v20) + v30, (v11 - v21) + v31,
              (v12 - v22) + v32, (v13 - v23) + v33);
          inputGradientRow(dxt, at + 2 * rs, cp, (v10 - v00) + v20, (v11 - v01) + v21,
              (v12 - v02) + v22, (v13 - v03) + v23);
          inputGradientRow(dxt, at + 3 * rs, cp, -v30, -v31, -v32, -v33);
        }
      }
    }
  }

  /** One row of B dV Bᵀ added into the pixels dxt[at + l·cp]: the row e of B dV times Bᵀ. */
  private static void inputGradientRow(float[] dxt, int at, int cp, float e0, float e1, float e2,
      float e3) {
    dxt[at] += e0;
    dxt[at + cp] += (e1 - e2) + e3;
    dxt[at + 2 * cp] += (e1 - e0) + e2;
    dxt[at + 3 * cp] += -e3;
  }

  /**
   * u[uOff + ξ·uStep] = (G g Gᵀ)[ξ] for the 3x3 filter g = params[gOff..gOff+9) row-major
   * (G = [[1,0,0],[½,½,½],[½,-½,½],[0,0,1]]: e0 = g0, e1 = (½g0 + ½g1) + ½g2,
   * e2 = (½g0 - ½g1) + ½g2, e3 = g2). The same code on both paths.
   */
  static void filter(float[] u, int uOff, int uStep, float[] params, int gOff) {
    float g00 = params[gOff], g01 = params[gOff + 1], g02 = params[gOff + 2];
    float g10 = params[gOff + 3], g11 = params[gOff + 4], g12 = params[gOff + 5];
    float g20 = params[gOff + 6], g21 = params[gOff + 7], g22 = params[gOff + 8];
    filterRow(u, uOff, uStep, g00, g01, g02);
    filterRow(u, uOff + 4 * uStep, uStep, half(g00) + half(g10) + half(g20),
        half(g01) + half(g11) + half(g21), half(g02) + half(g12) + half(g22));
    filterRow(u, uOff + 8 * uStep, uStep, half(g00) - half(g10) + half(g20),
        half(g01) - half(g11) + half(g21), half(g02) - half(g12) + half(g22));
    filterRow(u, uOff + 12 * uStep, uStep, g20, g21, g22);
  }

  /** One row of G g Gᵀ: u[at + j·step] = (e · Gᵀ)[j] for the row e of G g. */
  private static void filterRow(float[] u, int at, int step, float e0, float e1, float e2) {
    u[at] = e0;
    u[at + step] = half(e0) + half(e1) + half(e2);
    u[at + 2 * step] = half(e0) - half(e1) + half(e2);
    u[at + 3 * step] = e2;
  }

  /**
   * grad[gOff..gOff+9) (a 3x3 filter's gradient, row-major) += Gᵀ dU G for dU[ξ] =
   * du[duOff + ξ·duStep] (Gᵀ = [[1,½,½,0],[0,½,-½,0],[0,½,½,1]]: e0 = (u0 + ½u1) + ½u2,
   * e1 = ½u1 - ½u2, e2 = (½u1 + ½u2) + u3). The same code on both paths.
   */
  static void filterGradient(float[] grad, int gOff, float[] du, int duOff, int duStep) {
    int a = duOff, b = a + 4 * duStep, c = b + 4 * duStep, d = c + 4 * duStep; // dU's rows
    float u00 = du[a], u01 = du[a + duStep], u02 = du[a + 2 * duStep], u03 = du[a + 3 * duStep];
    float u10 = du[b], u11 = du[b + duStep], u12 = du[b + 2 * duStep], u13 = du[b + 3 * duStep];
    float u20 = du[c], u21 = du[c + duStep], u22 = du[c + 2 * duStep], u23 = du[c + 3 * duStep];
    float u30 = du[d], u31 = du[d + duStep], u32 = du[d + 2 * duStep], u33 = du[d + 3 * duStep];
    filterGradientRow(grad, gOff, u00 + half(u10) + half(u20), u01 + half(u11) + half(u21),
        u02 + half(u12) + half(u22), u03 + half(u13) + half(u23));
    filterGradientRow(grad, gOff + 3, half(u10) - half(u20), half(u11) - half(u21),
        half(u12) - half(u22), half(u13) - half(u23));
    filterGradientRow(grad, gOff + 6, half(u10) + half(u20) + u30, half(u11) + half(u21) + u31,
        half(u12) + half(u22) + u32, half(u13) + half(u23) + u33);
  }

  /** One row of Gᵀ dU G added into grad[at..at+3): the row e of Gᵀ dU times G. */
  private static void filterGradientRow(float[] grad, int at, float e0, float e1, float e2, float e3) {
    grad[at] += e0 + half(e1) + half(e2);
    grad[at + 1] += half(e1) - half(e2);
    grad[at + 2] += half(e1) + half(e2) + e3;
  }

  /** A term of G or Gᵀ's ½ entries: the value times 0.5f, rounded (exact unless subnormal). */
  private static float half(float value) {
    return value * 0.5f;
  }
}
