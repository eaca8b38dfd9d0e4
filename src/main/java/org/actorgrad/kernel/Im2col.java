package org.actorgrad.kernel;

import java.util.Arrays;

/**
 * The lowering that turns a convolution into matrix products (Chellapilla et al., 2006; Caffe's
 * {@code im2col_cpu}), in the two layouts {@link Conv2d} uses. A sample's (C, H, W) input becomes
 * its patches: one value per (output position p = oh·OW + ow, patch index k = (c·KH + kh)·KW + kw),
 * the input pixel (c, oh·SH + kh − PT, ow·SW + kw − PL), or 0 where that falls in the padding. The
 * patch index order matches one filter of the (OC, C, KH, KW) weight flattened.
 * <ul>
 *   <li>{@link #transposed}: colsT (C·KH·KW, stride), row k holding every position's value: for
 *       stride 1 each row is a run of input rows, copied whole (the forward's layout);
 *   <li>{@link #byPosition}: cols (OH·OW, stride), row p holding one receptive field (backward's);
 *   <li>{@link #col2im}: the adjoint of byPosition, for dX.
 * </ul>
 * Columns from the real width up to the stride are written as 0: products run over them as whole
 * vectors and their results are dropped. Copies only; col2im's sums have a fixed order.
 */
public final class Im2col {
  private Im2col() {}

  /**
   * Overwrites colsT[k·stride + p] for k < C·KH·KW and p < stride with the patches of the sample
   * at x[xOff ..] (C, H, W); p >= OH·OW is 0. stride >= OH·OW.
   */
  public static void transposed(float[] colsT, int stride, float[] x, int xOff, Conv2dShape s) {
    int outRows = s.outRows(), outCols = s.outCols(), positions = s.positions();
    int rows = s.rows(), width = s.cols(), sw = s.strideCols();
    int k = 0;
    for (int c = 0; c < s.channels(); c++) {
      int plane = xOff + c * rows * width;
      for (int kh = 0; kh < s.kernelRows(); kh++) {
        for (int kw = 0; kw < s.kernelCols(); kw++, k++) {
          int row = k * stride;
          // Output columns ow whose input column ow·SW + kw − PL lies inside [0, W).
          int shift = kw - s.padLeft();
          int first = shift >= 0 ? 0 : Math.min(outCols, (-shift + sw - 1) / sw);
          int last = width - 1 - shift < 0 ? 0 : Math.min(outCols, (width - 1 - shift) / sw + 1);
          last = Math.max(last, first);
          for (int oh = 0; oh < outRows; oh++) {
            int dst = row + oh * outCols;
            int ih = oh * s.strideRows() + kh - s.padTop();
            if (ih < 0 || ih >= rows) {
              Arrays.fill(colsT, dst, dst + outCols, 0f);
              continue;
            }
            int line = plane + ih * width + shift;
            if (first > 0) {
              Arrays.fill(colsT, dst, dst + first, 0f);
            }
            if (sw == 1) {
              System.arraycopy(x, line + first, colsT, dst + first, last - first);
            } else {
              for (int ow = first; ow < last; ow++) {
                colsT[dst + ow] = x[line + ow * sw];
              }
            }
            if (last < outCols) {
              Arrays.fill(colsT, dst + last, dst + outCols, 0f);
            }
          }
          Arrays.fill(colsT, row + positions, row + stride, 0f);
        }
      }
    }
  }

  /**
   * Overwrites cols[p·stride + k] for p < OH·OW and k < stride with the patches of the sample at
   * x[xOff ..] (C, H, W); k >= C·KH·KW is 0. stride >= C·KH·KW.
   */
  public static void byPosition(float[] cols, int stride, float[] x, int xOff, Conv2dShape s) {
    int kernelRows = s.kernelRows(), kernelCols = s.kernelCols();
    int rows = s.rows(), width = s.cols(), patch = s.patchSize();
    int p = 0;
    for (int oh = 0; oh < s.outRows(); oh++) {
      int top = oh * s.strideRows() - s.padTop();
      for (int ow = 0; ow < s.outCols(); ow++, p++) {
        int left = ow * s.strideCols() - s.padLeft();
        int q = p * stride;
        boolean inside = left >= 0 && left + kernelCols <= width;
        for (int c = 0; c < s.channels(); c++) {
          int plane = xOff + c * rows * width;
          for (int kh = 0; kh < kernelRows; kh++, q += kernelCols) {
            int ih = top + kh;
            if (ih < 0 || ih >= rows) {
              Arrays.fill(cols, q, q + kernelCols, 0f);
            } else if (inside) {
              System.arraycopy(x, plane + ih * width + left, cols, q, kernelCols);
            } else {
              int line = plane + ih * width;
              for (int kw = 0; kw < kernelCols; kw++) {
                int iw = left + kw;
                cols[q + kw] = iw < 0 || iw >= width ? 0f : x[line + iw];
              }
            }
          }
        }
        Arrays.fill(cols, p * stride + patch, p * stride + stride, 0f);
      }
    }
  }

  /**
   * Overwrites dx[dxOff .. dxOff+C*H*W) with the sum, at each input pixel, of the dcols
   * (OH*OW, stride) entries that {@link #byPosition} copied from it; entries that came from
   * padding, and columns k >= C·KH·KW, are dropped. Each pixel's sum starts at 0 and adds its
   * entries in increasing position order (a pixel appears at most once per position), so the
   * result is the same bits on every run.
   */
  public static void col2im(float[] dx, int dxOff, float[] dcols, int stride, Conv2dShape s) {
    Arrays.fill(dx, dxOff, dxOff + s.inputSize(), 0f);
    int kernelRows = s.kernelRows(), kernelCols = s.kernelCols();
    int rows = s.rows(), width = s.cols();
    int p = 0;
    for (int oh = 0; oh < s.outRows(); oh++) {
      int top = oh * s.strideRows() - s.padTop();
      for (int ow = 0; ow < s.outCols(); ow++, p++) {
        int left = ow * s.strideCols() - s.padLeft();
        int q = p * stride;
        boolean inside = left >= 0 && left + kernelCols <= width;
        for (int c = 0; c < s.channels(); c++) {
          int plane = dxOff + c * rows * width;
          for (int kh = 0; kh < kernelRows; kh++, q += kernelCols) {
            int ih = top + kh;
            if (ih < 0 || ih >= rows) {
              continue;
            }
            int line = plane + ih * width + left;
            if (inside) {
              for (int kw = 0; kw < kernelCols; kw++) {
                dx[line + kw] += dcols[q + kw];
              }
            } else {
              for (int kw = 0; kw < kernelCols; kw++) {
                int iw = left + kw;
                if (iw >= 0 && iw < width) {
                  dx[line + kw] += dcols[q + kw];
                }
              }
            }
          }
        }
      }
    }
  }
}
