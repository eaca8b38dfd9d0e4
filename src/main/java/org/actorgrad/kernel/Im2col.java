package org.actorgrad.kernel;

import java.util.Arrays;

/**
 * The lowering that turns a convolution into matrix products (Chellapilla et al., 2006; Caffe's
 * {@code im2col_cpu}), in the layout {@link Conv2d} uses. A sample's (C, H, W) input becomes
 * its patches: one value per (output position p = oh·OW + ow, patch index k = (c·KH + kh)·KW + kw),
 * the input pixel (c, oh·SH + kh − PT, ow·SW + kw − PL), or 0 where that falls in the padding. The
 * patch index order matches one filter of the (OC, C, KH, KW) weight flattened.
 * {@link #transposed} writes colsT (C·KH·KW, stride), row k holding every position's value: for
 * stride 1 each row is a run of input rows, copied whole; {@link #col2imTransposed} is its
 * adjoint, for dX.
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
    // Stride 1 without padding (valid), on the vector path: whole rows by Im2colVector, whose junk
    // past a row's runs is filled over below; the rows are written in order, so junk past a row's
    // stride lands in the next row, which overwrites it, and none goes past the last (end).
    boolean fast = Dense.vector() && Conv2dWorkspace.wide(s);
    int end = s.patchSize() * stride;
    int k = 0;
    for (int c = 0; c < s.channels(); c++) {
      int plane = xOff + c * rows * width;
      for (int kh = 0; kh < s.kernelRows(); kh++) {
        for (int kw = 0; kw < s.kernelCols(); kw++, k++) {
          int row = k * stride;
          if (fast) { // Im2colVector is only named behind the check
            Im2colVector.row(colsT, row, x, plane + kh * width + kw, outRows, outCols, width, end);
            Arrays.fill(colsT, row + positions, row + stride, 0f); // also over its junk
            continue;
          }
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
   * Overwrites dx[dxOff .. dxOff+C*H*W) with the sum, at each input pixel, of the dcolsT
   * (C·KH·KW, stride) entries that {@link #transposed} copied from it; entries that came from
   * padding, and columns p >= OH·OW, are dropped. Each pixel's sum starts at 0 and adds its
   * entries in increasing position order, so the result is the same bits on every run (and those
   * of the position-major loop of the first version, kept in the tests). A pixel's entries come
   * from distinct (kh, kw); taking kh and kw in decreasing order takes its output positions
   * (oh = (ih + PT − kh) / SH, ow likewise) in increasing row-major order, by whole rows.
   */
  public static void col2imTransposed(float[] dx, int dxOff, float[] dcolsT, int stride, Conv2dShape s) {
    Arrays.fill(dx, dxOff, dxOff + s.inputSize(), 0f);
    int outRows = s.outRows(), outCols = s.outCols();
    int rows = s.rows(), width = s.cols(), sw = s.strideCols();
    int kernelRows = s.kernelRows(), kernelCols = s.kernelCols();
    for (int c = 0; c < s.channels(); c++) {
      int plane = dxOff + c * rows * width;
      for (int kh = kernelRows - 1; kh >= 0; kh--) {
        for (int kw = kernelCols - 1; kw >= 0; kw--) {
          int row = ((c * kernelRows + kh) * kernelCols + kw) * stride;
          int shift = kw - s.padLeft();
          int first = shift >= 0 ? 0 : Math.min(outCols, (-shift + sw - 1) / sw);
          int last = width - 1 - shift < 0 ? 0 : Math.min(outCols, (width - 1 - shift) / sw + 1);
          for (int oh = 0; oh < outRows; oh++) {
            int ih = oh * s.strideRows() + kh - s.padTop();
            if (ih < 0 || ih >= rows) {
              continue;
            }
            int line = plane + ih * width + shift;
            int src = row + oh * outCols;
            if (sw == 1) {
              for (int ow = first; ow < last; ow++) {
                dx[line + ow] += dcolsT[src + ow];
              }
            } else {
              for (int ow = first; ow < last; ow++) {
                dx[line + ow * sw] += dcolsT[src + ow];
              }
            }
          }
        }
      }
    }
  }
}
