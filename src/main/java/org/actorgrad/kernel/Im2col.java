package org.actorgrad.kernel;

import java.util.Arrays;

/**
 * The lowering that turns a convolution into the fully connected layer's products (Chellapilla et
 * al., 2006; Caffe's {@code im2col_cpu}): each output position's receptive field becomes one row,
 * so a sample's (C, H, W) input becomes cols (OH*OW, C*KH*KW) whose column order (c, kh, kw)
 * matches one filter of the (OC, C, KH, KW) weight flattened, and {@code cols · Wᵀ} is the
 * convolution. {@link #col2im} is its adjoint, used for dX.
 */
public final class Im2col {
  private Im2col() {}

  /**
   * Overwrites cols[0 .. OH*OW*C*KH*KW) with the patches of the sample at x[xOff ..] (C, H, W);
   * zero padding is written as 0.
   */
  public static void im2col(float[] cols, float[] x, int xOff, Conv2dShape s) {
    int kernelArea = s.kernelRows() * s.kernelCols();
    int patch = s.patchSize();
    int p = 0;
    for (int oh = 0; oh < s.outRows(); oh++) {
      int top = oh * s.strideRows() - s.padTop();
      for (int ow = 0; ow < s.outCols(); ow++, p++) {
        int left = ow * s.strideCols() - s.padLeft();
        int row = p * patch;
        for (int c = 0; c < s.channels(); c++) {
          int plane = xOff + c * s.rows() * s.cols();
          int q = row + c * kernelArea;
          for (int kh = 0; kh < s.kernelRows(); kh++) {
            int ih = top + kh;
            if (ih < 0 || ih >= s.rows()) {
              Arrays.fill(cols, q, q + s.kernelCols(), 0f);
              q += s.kernelCols();
              continue;
            }
            int line = plane + ih * s.cols();
            for (int kw = 0; kw < s.kernelCols(); kw++, q++) {
              int iw = left + kw;
              cols[q] = iw < 0 || iw >= s.cols() ? 0f : x[line + iw];
            }
          }
        }
      }
    }
  }

  /**
   * Overwrites dx[dxOff .. dxOff+C*H*W) with the sum, at each input pixel, of the dcols (OH*OW,
   * C*KH*KW) entries that im2col copied from it; entries that came from padding are dropped. The
   * sums are taken in one fixed order (positions in row-major order, then c, kh, kw), so the
   * result is the same bits on every run.
   */
  public static void col2im(float[] dx, int dxOff, float[] dcols, Conv2dShape s) {
    Arrays.fill(dx, dxOff, dxOff + s.inputSize(), 0f);
    int kernelArea = s.kernelRows() * s.kernelCols();
    int patch = s.patchSize();
    int p = 0;
    for (int oh = 0; oh < s.outRows(); oh++) {
      int top = oh * s.strideRows() - s.padTop();
      for (int ow = 0; ow < s.outCols(); ow++, p++) {
        int left = ow * s.strideCols() - s.padLeft();
        int row = p * patch;
        for (int c = 0; c < s.channels(); c++) {
          int plane = dxOff + c * s.rows() * s.cols();
          int q = row + c * kernelArea;
          for (int kh = 0; kh < s.kernelRows(); kh++) {
            int ih = top + kh;
            if (ih < 0 || ih >= s.rows()) {
              q += s.kernelCols();
              continue;
            }
            int line = plane + ih * s.cols();
            for (int kw = 0; kw < s.kernelCols(); kw++, q++) {
              int iw = left + kw;
              if (iw >= 0 && iw < s.cols()) {
                dx[line + iw] += dcols[q];
              }
            }
          }
        }
      }
    }
  }
}
