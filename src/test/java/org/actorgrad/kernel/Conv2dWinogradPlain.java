package org.actorgrad.kernel;

/**
 * The bits {@link Winograd}'s layers must give, computed from its definition as plainly as it can
 * be written: the paper's matrices as arrays, each transform P X Qᵀ as two plain matrix products
 * (P down the columns, then Q along the rows; each entry its row's nonzero terms m·v summed from
 * the first), tiles and channels in nested loops, every product entry one {@link Math#fma} chain.
 * Slow and simple on purpose: the yardstick for a bitwise comparison.
 */
final class Conv2dWinogradPlain {
  static final float[][] BT = {{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}};
  static final float[][] B = transpose(BT);
  static final float[][] G = {{1, 0, 0}, {0.5f, 0.5f, 0.5f}, {0.5f, -0.5f, 0.5f}, {0, 0, 1}};
  static final float[][] GT = transpose(G);
  static final float[][] AT = {{1, 1, 1, 0}, {0, 1, -1, -1}};
  static final float[][] A = transpose(AT);

  private Conv2dWinogradPlain() {}

  static void forward(float[] z, float[] x, float[] params, int wOff, int bOff, Conv2dShape s, int n) {
    int channels = s.channels(), filters = s.filters();
    float[][][][] u = filters(params, wOff, s);
    for (int i = 0; i < n; i++) {
      float[][][][] v = inputTiles(x, i * s.inputSize(), s);
      for (int th = 0; th < tileRows(s); th++) {
        for (int tw = 0; tw < tileCols(s); tw++) {
          for (int o = 0; o < filters; o++) {
            float[][] m = new float[4][4];
            for (int a = 0; a < 4; a++) {
              for (int b = 0; b < 4; b++) {
                float sum = 0f;
                for (int c = 0; c < channels; c++) {
                  sum = Math.fma(v[th][tw][c][4 * a + b], u[o][c][a][b], sum);
                }
                m[a][b] = sum;
              }
            }
            float[][] y = transform(AT, m, AT);
            for (int a = 0; a < 2; a++) {
              for (int b = 0; b < 2; b++) {
                int oh = 2 * th + a, ow = 2 * tw + b;
                if (oh < s.outRows() && ow < s.outCols()) {
                  z[i * s.outputSize() + (o * s.outRows() + oh) * s.outCols() + ow] =
                      y[a][b] + params[bOff + o];
                }
              }
            }
          }
        }
      }
    }
  }

  static void backward(float[] dx, float[] grad, float[] dz, float[] x, float[] params, int wOff,
      int bOff, Conv2dShape s, int n) {
    int channels = s.channels(), filters = s.filters(), tr = tileRows(s), tc = tileCols(s);
    float[][][][] u = filters(params, wOff, s);
    float[][][][] du = new float[filters][channels][4][4];
    for (int i = 0; i < n; i++) {
      int zOff = i * s.outputSize();
      for (int o = 0; o < filters; o++) {
        float sum = 0f;
        for (int p = 0; p < s.positions(); p++) {
          sum += dz[zOff + o * s.positions() + p];
        }
        grad[bOff + o] += sum;
      }
      float[][][][] v = inputTiles(x, i * s.inputSize(), s);
      float[][][][] dm = new float[tr][tc][filters][];
      for (int th = 0; th < tr; th++) {
        for (int tw = 0; tw < tc; tw++) {
          for (int o = 0; o < filters; o++) {
            float[][] dy = new float[2][2];
            for (int a = 0; a < 2; a++) {
              for (int b = 0; b < 2; b++) {
                int oh = 2 * th + a, ow = 2 * tw + b;
                if (oh < s.outRows() && ow < s.outCols()) {
                  dy[a][b] = dz[zOff + (o * s.outRows() + oh) * s.outCols() + ow];
                }
              }
            }
            dm[th][tw][o] = flat(transform(A, dy, A));
          }
        }
      }
      for (int o = 0; o < filters; o++) {
        for (int c = 0; c < channels; c++) {
          for (int xi = 0; xi < 16; xi++) {
            float sum = 0f; // this sample's chain over the tiles, then added to the total
            for (int th = 0; th < tr; th++) {
              for (int tw = 0; tw < tc; tw++) {
                sum = Math.fma(v[th][tw][c][xi], dm[th][tw][o][xi], sum);
              }
            }
            du[o][c][xi / 4][xi % 4] += sum;
          }
        }
      }
      if (dx == null) {
        continue;
      }
      float[][][] padded = new float[channels][2 * tr + 2][2 * tc + 2];
      for (int th = 0; th < tr; th++) {
        for (int tw = 0; tw < tc; tw++) {
          for (int c = 0; c < channels; c++) {
            float[][] dv = new float[4][4];
            for (int xi = 0; xi < 16; xi++) {
              float sum = 0f;
              for (int o = 0; o < filters; o++) {
                sum = Math.fma(dm[th][tw][o][xi], u[o][c][xi / 4][xi % 4], sum);
              }
              dv[xi / 4][xi % 4] = sum;
            }
            float[][] dd = transform(B, dv, B);
            for (int k = 0; k < 4; k++) {
              for (int l = 0; l < 4; l++) {
                padded[c][2 * th + k][2 * tw + l] += dd[k][l];
              }
            }
          }
        }
      }
      for (int c = 0; c < channels; c++) {
        for (int h = 0; h < s.rows(); h++) {
          for (int w = 0; w < s.cols(); w++) {
            dx[i * s.inputSize() + (c * s.rows() + h) * s.cols() + w] =
                padded[c][h + s.padTop()][w + s.padLeft()];
          }
        }
      }
    }
    for (int o = 0; o < filters; o++) {
      for (int c = 0; c < channels; c++) {
        float[][] dw = transform(GT, du[o][c], GT);
        for (int k = 0; k < 3; k++) {
          for (int l = 0; l < 3; l++) {
            grad[wOff + ((o * channels + c) * 3 + k) * 3 + l] += dw[k][l];
          }
        }
      }
    }
  }

  /** U[o][c] = G g Gᵀ for each filter g = W[o, c]. */
  private static float[][][][] filters(float[] params, int wOff, Conv2dShape s) {
    float[][][][] u = new float[s.filters()][s.channels()][][];
    for (int o = 0; o < s.filters(); o++) {
      for (int c = 0; c < s.channels(); c++) {
        float[][] g = new float[3][3];
        for (int k = 0; k < 9; k++) {
          g[k / 3][k % 3] = params[wOff + (o * s.channels() + c) * 9 + k];
        }
        u[o][c] = transform(G, g, G);
      }
    }
    return u;
  }

  /** V[th][tw][c] = Bᵀ d B flattened, d the tile's 4x4 of the zero-padded input. */
  private static float[][][][] inputTiles(float[] x, int xOff, Conv2dShape s) {
    float[][][][] v = new float[tileRows(s)][tileCols(s)][s.channels()][];
    for (int th = 0; th < tileRows(s); th++) {
      for (int tw = 0; tw < tileCols(s); tw++) {
        for (int c = 0; c < s.channels(); c++) {
          float[][] d = new float[4][4];
          for (int k = 0; k < 4; k++) {
            for (int l = 0; l < 4; l++) {
              int h = 2 * th + k - s.padTop(), w = 2 * tw + l - s.padLeft();
              if (h >= 0 && h < s.rows() && w >= 0 && w < s.cols()) {
                d[k][l] = x[xOff + (c * s.rows() + h) * s.cols() + w];
              }
            }
          }
          v[th][tw][c] = flat(transform(BT, d, BT));
        }
      }
    }
    return v;
  }

  /** P X Qᵀ: Y = P X first, then Y Qᵀ. */
  static float[][] transform(float[][] p, float[][] x, float[][] q) {
    float[][] y = new float[p.length][x[0].length];
    for (int i = 0; i < p.length; i++) {
      for (int j = 0; j < x[0].length; j++) {
        float[] column = new float[x.length];
        for (int k = 0; k < x.length; k++) {
          column[k] = x[k][j];
        }
        y[i][j] = dot(p[i], column);
      }
    }
    float[][] out = new float[p.length][q.length];
    for (int i = 0; i < p.length; i++) {
      for (int j = 0; j < q.length; j++) {
        out[i][j] = dot(q[j], y[i]);
      }
    }
    return out;
  }

  /** Σ m[k]·v[k] over the nonzero m[k], left to right from the first term. */
  private static float dot(float[] m, float[] v) {
    float sum = 0f;
    boolean first = true;
    for (int k = 0; k < m.length; k++) {
      if (m[k] != 0f) {
        float term = m[k] * v[k];
        sum = first ? term : sum + term;
        first = false;
      }
    }
    return sum;
  }

  private static float[][] transpose(float[][] m) {
    float[][] t = new float[m[0].length][m.length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[0].length; j++) {
        t[j][i] = m[i][j];
      }
    }
    return t;
  }

  private static float[] flat(float[][] m) {
    float[] f = new float[16];
    for (int k = 0; k < 16; k++) {
      f[k] = m[k / 4][k % 4];
    }
    return f;
  }

  private static int tileRows(Conv2dShape s) {
    return (s.outRows() + 1) / 2;
  }

  private static int tileCols(Conv2dShape s) {
    return (s.outCols() + 1) / 2;
  }
}
