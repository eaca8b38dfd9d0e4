package org.actorgrad.kernel;

/**
 * The reference convolution: the definition's loops over (n, OC, OH, OW, C, KH, KW), summed in
 * double, with no lowering; an independent yardstick for {@link Conv2d} (compared within a
 * tolerance, never bitwise). Same layouts as Conv2d.
 */
public final class Conv2dNaive {
  private Conv2dNaive() {}

  /** z[i, o, oh, ow] = b[o] + Σ_{c,kh,kw} W[o, c, kh, kw] · x[i, c, oh·SH + kh − PT, ow·SW + kw − PL]. */
  public static void forward(float[] z, float[] x, float[] params, int wOff, int bOff,
      Conv2dShape s, int n) {
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < s.filters(); o++) {
        for (int oh = 0; oh < s.outRows(); oh++) {
          for (int ow = 0; ow < s.outCols(); ow++) {
            double sum = params[bOff + o];
            for (int c = 0; c < s.channels(); c++) {
              for (int kh = 0; kh < s.kernelRows(); kh++) {
                for (int kw = 0; kw < s.kernelCols(); kw++) {
                  int ih = oh * s.strideRows() + kh - s.padTop();
                  int iw = ow * s.strideCols() + kw - s.padLeft();
                  if (ih >= 0 && ih < s.rows() && iw >= 0 && iw < s.cols()) {
                    sum += (double) params[wOff + weightIndex(s, o, c, kh, kw)]
                        * x[inputIndex(s, i, c, ih, iw)];
                  }
                }
              }
            }
            z[((i * s.filters() + o) * s.outRows() + oh) * s.outCols() + ow] = (float) sum;
          }
        }
      }
    }
  }

  /** grad[W] += Σ dz·x over the windows, grad[b] += Σ dz; dx = Σ dz·W scattered back (if not null). */
  public static void backward(float[] dx, float[] grad, float[] dz, float[] x, float[] params,
      int wOff, int bOff, Conv2dShape s, int n) {
    double[] dw = new double[s.weightSize()];
    double[] db = new double[s.filters()];
    double[] dxd = dx == null ? null : new double[n * s.inputSize()];
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < s.filters(); o++) {
        for (int oh = 0; oh < s.outRows(); oh++) {
          for (int ow = 0; ow < s.outCols(); ow++) {
            float g = dz[((i * s.filters() + o) * s.outRows() + oh) * s.outCols() + ow];
            db[o] += g;
            for (int c = 0; c < s.channels(); c++) {
              for (int kh = 0; kh < s.kernelRows(); kh++) {
                for (int kw = 0; kw < s.kernelCols(); kw++) {
                  int ih = oh * s.strideRows() + kh - s.padTop();
                  int iw = ow * s.strideCols() + kw - s.padLeft();
                  if (ih >= 0 && ih < s.rows() && iw >= 0 && iw < s.cols()) {
                    int w = weightIndex(s, o, c, kh, kw);
                    int in = inputIndex(s, i, c, ih, iw);
                    dw[w] += (double) g * x[in];
                    if (dxd != null) {
                      dxd[in] += (double) g * params[wOff + w];
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    for (int k = 0; k < dw.length; k++) {
      grad[wOff + k] += (float) dw[k];
    }
    for (int o = 0; o < db.length; o++) {
      grad[bOff + o] += (float) db[o];
    }
    if (dxd != null) {
      for (int k = 0; k < dxd.length; k++) {
        dx[k] = (float) dxd[k];
      }
    }
  }

  private static int weightIndex(Conv2dShape s, int o, int c, int kh, int kw) {
    return ((o * s.channels() + c) * s.kernelRows() + kh) * s.kernelCols() + kw;
  }

  private static int inputIndex(Conv2dShape s, int i, int c, int ih, int iw) {
    return ((i * s.channels() + c) * s.rows() + ih) * s.cols() + iw;
  }
}
