package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * dX of a stride-1, unpadded convolution on the Vector API path, gathered per pixel instead of
 * scattered per patch entry: {@link Im2col#col2imTransposed} adds runs of OW floats (11 for the
 * MNIST CNN's second layer) into dx one output row at a time, which took two thirds as long as
 * the product before it. Here the patches' gradient comes "wide", dcols (C·KH·KW, stride) with
 * position j = oh·W + ow on the input's width W, the columns ow >= OW and those past OH·W being
 * +0 (the product over zero columns of dz): each row of L pixels is then one sum of whole-vector
 * loads, for every (kh, kw) in decreasing order, stored once. A pixel's sum starts at +0 and adds
 * its entries in col2imTransposed's order; the extra terms are +0 entries, and x + 0 is x for
 * every sum started from +0 (never -0 in round-to-nearest), so the bits are col2im's.
 * Only loaded when the {@code jdk.incubator.vector} module is present.
 */
final class Col2imVector {
  private static final VectorSpecies<Float> S = DenseVectorProduct.S;
  private static final int L = DenseVectorProduct.L;

  private Col2imVector() {}

  /**
   * Overwrites dx[dxOff .. dxOff + C·H·W) with the col2im of d: row k = (c, kh, kw) of the wide
   * patches' gradient starts at d[dOff + k·stride]; d[dOff − KW + 1 .. dOff) and every column
   * past OW of a wide row and past OH·W are +0; d holds L floats past the last row's end.
   */
  static void col2im(float[] dx, int dxOff, float[] d, int dOff, int stride, Conv2dShape s) {
    int width = s.cols(), outRows = s.outRows(), kernelRows = s.kernelRows(), kernelCols = s.kernelCols();
    int plane = s.rows() * width, end = dxOff + s.inputSize();
    for (int c = 0; c < s.channels(); c++) {
      for (int ih = 0; ih < s.rows(); ih++) {
        // The kernel rows whose output row ih − kh exists.
        int khHi = Math.min(kernelRows - 1, ih), khLo = Math.max(0, ih - outRows + 1);
        int terms = (khHi - khLo + 1) * kernelCols;
        // Entry (kh, kw) of pixel (ih, iw) sits at column (ih − kh)·W + iw − kw of patch row k.
        int first = dOff + ((c * kernelRows + khHi) * kernelCols + kernelCols - 1) * stride
            + (ih - khHi) * width - (kernelCols - 1);
        for (int iw = 0; iw < width; iw += L) {
          int out = dxOff + c * plane + ih * width + iw;
          if (out + L > end) { // the sample's last pixels: lane by lane, not past its end
            pixels(dx, out, Math.min(L, width - iw), d, first + iw, terms, kernelCols, stride, width);
            continue;
          }
          // One flat loop over (kh, kw), decreasing: nested loops kept acc boxed on Java 17.
          FloatVector acc = FloatVector.zero(S);
          int at = first + iw, kw = kernelCols - 1;
          for (int t = 0; t < terms; t++) {
            acc = acc.add(FloatVector.fromArray(S, d, at));
            if (kw > 0) { // kw − 1: the previous patch row, one column to the right
              kw--;
              at += 1 - stride;
            } else { // kh − 1, kw = KW − 1: the previous patch row, W right, KW − 1 left
              kw = kernelCols - 1;
              at += width - (kernelCols - 1) - stride;
            }
          }
          acc.intoArray(dx, out);
        }
      }
    }
  }

  /** dx[out + j] for j < count, as {@link #col2im}'s lanes, one float at a time. */
  private static void pixels(float[] dx, int out, int count, float[] d, int first, int terms,
      int kernelCols, int stride, int width) {
    for (int j = 0; j < count; j++) {
      float acc = 0f;
      int at = first + j, kw = kernelCols - 1;
      for (int t = 0; t < terms; t++) {
        acc += d[at];
        if (kw > 0) {
          kw--;
          at += 1 - stride;
        } else {
          kw = kernelCols - 1;
          at += width - (kernelCols - 1) - stride;
        }
      }
      dx[out + j] = acc;
    }
  }
}
