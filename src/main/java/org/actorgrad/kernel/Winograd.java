package org.actorgrad.kernel;

import java.util.Arrays;

/**
 * {@link Conv2d}'s products for 3x3 stride-1 layers of at least {@link #MIN_CHANNELS} input
 * channels and filters, by Winograd's minimal filtering F(2x2, 3x3) (Lavin and Gray, "Fast Algorithms for
 * Convolutional Neural Networks", CVPR 2016, section 4.1): each 2x2 block of outputs from a 4x4
 * tile of input in 16 multiplications per (filter, channel) instead of 36, so the layer's three
 * products take ~2.25x fewer multiply-adds (less the tiles' overhang on odd sizes). The products
 * stay {@link Product}'s fma chains, so the vector and scalar paths give the same bits.
 *
 * <p>The arithmetic (what fixes the bits), with the paper's matrices
 * Bᵀ = [[1,0,-1,0],[0,1,1,0],[0,-1,1,0],[0,1,0,-1]], G = [[1,0,0],[½,½,½],[½,-½,½],[0,0,1]],
 * Aᵀ = [[1,1,1,0],[0,1,-1,-1]], each transform P X Qᵀ computed as Y = P·X, then Y·Qᵀ, each entry
 * its nonzero terms summed left to right ({@link WinogradTiles}; the same on both paths):
 * <ul>
 *   <li>tiles: output tile t = (th, tw) covers outputs (2th..2th+1, 2tw..2tw+1); its input tile d
 *       is the 4x4 block of the zero-padded input at rows 2th.., columns 2tw.. (padTop, padLeft
 *       zeros before the input, zeros after it as far as the tiles reach; outputs past OH, OW are
 *       computed and dropped);
 *   <li>forward: U[ξ, c, o] = (G g Gᵀ)[ξ] per filter g = W[o, c]; V[ξ, t, c] = (Bᵀ d B)[ξ];
 *       M[ξ, t, o] = the fma chain over c from zero of V[ξ, t, c]·U[ξ, c, o]; z = Aᵀ M A + bias
 *       (the bias added last, as in Conv2d);
 *   <li>backward, from the ReLU-and-pool or given dz: dM = A dz Aᵀ per tile (zeros outside the
 *       output); dU[ξ, c, o] = per sample the chain over t of V·dM, added sample after sample to
 *       a sum from +0; grad's dW += Gᵀ dU G at the end of the call; db as in Conv2d;
 *       dV[ξ, t, c] = the chain over o of dM[ξ, t, o]·U[ξ, c, o]; dx = the tiles' B dV Bᵀ added
 *       into a zeroed padded input in increasing t, then cropped.
 * </ul>
 * The backward is the adjoint of the forward's linear map (the convolution's gradient in exact
 * arithmetic) computed with the same transforms, and the forward is the convolution up to
 * rounding: {@code Conv2dTest} holds both to the definition, {@code ConvGradientCheckTest} the
 * gradient to finite differences.
 *
 * <p>Layouts, per sample, channels padded to {@code cp} and filters to {@code op} (multiples of
 * 16): the input channel-last (HWC), V and dV (16, T, cp), M and dM (16, T, op), the transformed
 * filters (16, C, op) forward and (16, op, cp) backward, so that every transform runs over
 * channels or filters a vector at a time and every product on whole vectors.
 */
final class Winograd {
  /**
   * Fewer input channels or filters than this keep im2col: a product over so few channels gains
   * little, and so few filters would be padded to 16 in every transformed product.
   */
  static final int MIN_CHANNELS = 8;

  private Winograd() {}

  /** True when s is 3x3 at stride 1 with at least {@link #MIN_CHANNELS} input channels and filters. */
  static boolean applies(Conv2dShape s) {
    return s.kernelRows() == 3 && s.kernelCols() == 3 && s.strideRows() == 1 && s.strideCols() == 1
        && s.channels() >= MIN_CHANNELS && s.filters() >= MIN_CHANNELS;
  }

  static int tileRows(Conv2dShape s) {
    return (s.outRows() + 1) / 2;
  }

  static int tileCols(Conv2dShape s) {
    return (s.outCols() + 1) / 2;
  }

  /** T: the output tiles of one sample. */
  static int tiles(Conv2dShape s) {
    return tileRows(s) * tileCols(s);
  }

  /**
   * The width of the zero-padded channel-last input the tiles read, in pixels: 2·tileCols + 2
   * (the last tile's 4 columns start at 2·(tileCols − 1)).
   */
  static int paddedCols(Conv2dShape s) {
    return 2 * tileCols(s) + 2;
  }

  /** Floats of the zero-padded channel-last input the tiles read: (2·tileRows + 2, paddedCols, cp). */
  static long paddedInput(Conv2dShape s) {
    return (2L * tileRows(s) + 2) * paddedCols(s) * Conv2dWorkspace.channelsPadded(s);
  }

  /**
   * Before a forward's samples: the filters' transform Uᵀ (16, C, op) into ws.wgU (filter columns
   * past OC zero), and the padded input's zeros.
   */
  static void prepareForward(float[] params, int wOff, Conv2dShape s, Conv2dWorkspace ws) {
    transformFilters(ws.wgU, params, wOff, s, ws);
    Arrays.fill(ws.wgX, 0, (int) paddedInput(s), 0f);
  }

  /** u (16, C, op) = Uᵀ, the filters' transforms (columns past OC zero); may use ws.wgW. */
  private static void transformFilters(float[] u, float[] params, int wOff, Conv2dShape s,
      Conv2dWorkspace ws) {
    int channels = s.channels(), filters = s.filters();
    int op = (int) Conv2dWorkspace.filtersPadded(s);
    if (Dense.vector()) { // 16 filters at a time, from W transposed: ~20x faster than one by one
      DenseVectorTranspose.transpose(params, wOff, ws.wgW, filters, channels * 9, op);
      WinogradTilesVector.filters(u, ws.wgW, s);
      return;
    }
    Arrays.fill(u, 0, 16 * channels * op, 0f);
    for (int o = 0; o < filters; o++) {
      for (int c = 0; c < channels; c++) {
        WinogradTiles.filter(u, c * op + o, channels * op, params, wOff + (o * channels + c) * 9);
      }
    }
  }

  /**
   * One sample's forward: out (OC, stride) = the layer's products before the bias (columns past
   * OH·OW unspecified) for input x[xOff..] (C, H, W).
   */
  static void forwardSample(float[] out, int stride, float[] x, int xOff, Conv2dShape s,
      Conv2dWorkspace ws) {
    int channels = s.channels(), filters = s.filters(), tiles = tiles(s), positions = s.positions();
    int cp = (int) Conv2dWorkspace.channelsPadded(s), op = (int) Conv2dWorkspace.filtersPadded(s);
    toTiles(ws.wgX, x, xOff, s, ws.wgHwc);
    float[] v = ws.wgV, m = ws.wgM, zT = ws.dzT;
    if (Dense.vector()) {
      WinogradTilesVector.input(v, ws.wgX, s);
    } else {
      WinogradTiles.input(v, ws.wgX, s);
    }
    for (int xi = 0; xi < 16; xi++) {
      // M_ξ (T, op) = V_ξ (T, C) · Uᵀ_ξ (C, op)
      Product.product(m, xi * tiles * op, op, false, v, xi * tiles * cp, cp, 1, ws.wgU,
          xi * channels * op, op, tiles, op, channels);
    }
    if (Dense.vector()) {
      WinogradTilesVector.output(zT, m, s);
      DenseVectorTranspose.block(zT, 0, op, out, 0, stride, positions, filters);
    } else {
      WinogradTiles.output(zT, m, s);
      transposeScalar(zT, 0, op, out, 0, stride, positions, filters);
    }
  }

  /**
   * Before a backward's samples: the filters' transform U (16, op, cp) into ws.wgU (rows past OC
   * and columns past C zero), dU's sum (16, C, op) zeroed in ws.wgDu, and the padded input's zeros.
   */
  static void prepareBackward(float[] params, int wOff, Conv2dShape s, Conv2dWorkspace ws) {
    int channels = s.channels(), filters = s.filters();
    int cp = (int) Conv2dWorkspace.channelsPadded(s), op = (int) Conv2dWorkspace.filtersPadded(s);
    float[] u = ws.wgU;
    if (Dense.vector()) { // Uᵀ as the forward has it, each ξ's (C, op) transposed into (op, cp)
      float[] uT = ws.wgDuSample; // free until the first sample
      transformFilters(uT, params, wOff, s, ws);
      if (cp > channels) {
        Arrays.fill(u, 0, 16 * op * cp, 0f);
      }
      for (int xi = 0; xi < 16; xi++) {
        DenseVectorTranspose.block(uT, xi * channels * op, op, u, xi * op * cp, cp, channels, op);
      }
    } else {
      Arrays.fill(u, 0, 16 * op * cp, 0f);
      for (int o = 0; o < filters; o++) {
        for (int c = 0; c < channels; c++) {
          WinogradTiles.filter(u, o * cp + c, op * cp, params, wOff + (o * channels + c) * 9);
        }
      }
    }
    Arrays.fill(ws.wgDu, 0, 16 * channels * op, 0f);
    Arrays.fill(ws.wgX, 0, (int) paddedInput(s), 0f);
  }

  /**
   * One sample's backward from its dz transposed, dzT (OH·OW, op) in ws.dzT: dU added into ws.wgDu,
   * and unless dx is null, dx[dxOff..] (C, H, W) overwritten. x[xOff..] is the forward's input.
   */
  static void backwardSample(float[] dx, int dxOff, float[] x, int xOff, Conv2dShape s,
      Conv2dWorkspace ws) {
    int channels = s.channels(), filters = s.filters(), tiles = tiles(s);
    int cp = (int) Conv2dWorkspace.channelsPadded(s), op = (int) Conv2dWorkspace.filtersPadded(s);
    float[] v = ws.wgV, dm = ws.wgM;
    toTiles(ws.wgX, x, xOff, s, ws.wgHwc);
    if (Dense.vector()) {
      WinogradTilesVector.input(v, ws.wgX, s);
      WinogradTilesVector.outputGradient(dm, ws.dzT, s);
    } else {
      WinogradTiles.input(v, ws.wgX, s);
      WinogradTiles.outputGradient(dm, ws.dzT, s);
    }
    float[] du = ws.wgDu, duSample = ws.wgDuSample;
    for (int xi = 0; xi < 16; xi++) {
      // this sample's dUᵀ_ξ (C, op) = V_ξᵀ (C, T) · dM_ξ (T, op), then added to the sum: the
      // product's storing form and a pass of additions give the bits of its accumulating form,
      // whose tile C2 compiled to box vectors on the heap here (2.8x slower, bench/cnn-products.sh)
      Product.product(duSample, xi * channels * op, op, false, v, xi * tiles * cp, 1, cp, dm,
          xi * tiles * op, op, channels, op, tiles);
    }
    for (int k = 0, end = 16 * channels * op; k < end; k++) {
      du[k] += duSample[k];
    }
    if (dx == null) {
      return;
    }
    for (int xi = 0; xi < 16; xi++) {
      // dV_ξ (T, cp) = dM_ξ (T, OC) · U_ξ (OC, cp), over V: V is no longer needed
      Product.product(v, xi * tiles * cp, cp, false, dm, xi * tiles * op, op, 1, ws.wgU,
          xi * op * cp, cp, tiles, cp, filters);
    }
    float[] dxt = ws.wgDx;
    Arrays.fill(dxt, 0, (int) paddedInput(s), 0f);
    if (Dense.vector()) {
      WinogradTilesVector.inputGradient(dxt, v, s);
    } else {
      WinogradTiles.inputGradient(dxt, v, s);
    }
    fromTiles(dx, dxOff, dxt, s, ws.wgHwc);
  }

  /** After a backward's samples: grad's dW (OC, C, 3, 3) at wOff += Gᵀ dU G per (filter, channel). */
  static void finishBackward(float[] grad, int wOff, Conv2dShape s, Conv2dWorkspace ws) {
    int channels = s.channels(), filters = s.filters();
    int op = (int) Conv2dWorkspace.filtersPadded(s);
    if (Dense.vector()) { // 16 filters at a time into dWᵀ (C·9, op), transposed, then added
      float[] dwT = ws.wgW, dw = ws.wgDuSample; // free after the last sample
      WinogradTilesVector.filterGradients(dwT, ws.wgDu, s);
      DenseVectorTranspose.block(dwT, 0, op, dw, 0, channels * 9, channels * 9, filters);
      for (int k = 0, end = filters * channels * 9; k < end; k++) {
        grad[wOff + k] += dw[k];
      }
      return;
    }
    for (int o = 0; o < filters; o++) {
      for (int c = 0; c < channels; c++) {
        WinogradTiles.filterGradient(grad, wOff + (o * channels + c) * 9, ws.wgDu, c * op + o,
            channels * op);
      }
    }
  }

  /**
   * x[xOff..] (C, H, W) into the padded channel-last input's interior (rows padTop.., columns
   * padLeft..), channels C..cp as +0, through hwc (H·W, cp); the zeros around it are the caller's.
   */
  private static void toTiles(float[] xt, float[] x, int xOff, Conv2dShape s, float[] hwc) {
    int channels = s.channels(), rows = s.rows(), cols = s.cols();
    int cp = (int) Conv2dWorkspace.channelsPadded(s), wp = paddedCols(s);
    if (Dense.vector()) {
      DenseVectorTranspose.transpose(x, xOff, hwc, channels, rows * cols, cp); // zeros past C
    } else {
      transposeScalar(x, xOff, rows * cols, hwc, 0, cp, channels, rows * cols);
      for (int p = 0; p < rows * cols; p++) {
        Arrays.fill(hwc, p * cp + channels, (p + 1) * cp, 0f);
      }
    }
    for (int h = 0; h < rows; h++) {
      System.arraycopy(hwc, h * cols * cp, xt, ((h + s.padTop()) * wp + s.padLeft()) * cp, cols * cp);
    }
  }

  /** The padded input gradient's interior out to dx[dxOff..] (C, H, W), through hwc (H·W, cp). */
  private static void fromTiles(float[] dx, int dxOff, float[] dxt, Conv2dShape s, float[] hwc) {
    int channels = s.channels(), rows = s.rows(), cols = s.cols();
    int cp = (int) Conv2dWorkspace.channelsPadded(s), wp = paddedCols(s);
    for (int h = 0; h < rows; h++) {
      System.arraycopy(dxt, ((h + s.padTop()) * wp + s.padLeft()) * cp, hwc, h * cols * cp, cols * cp);
    }
    if (Dense.vector()) {
      DenseVectorTranspose.block(hwc, 0, cp, dx, dxOff, rows * cols, rows * cols, channels);
    } else {
      transposeScalar(hwc, 0, cp, dx, dxOff, rows * cols, rows * cols, channels);
    }
  }

  /** {@link DenseVectorTranspose#block} element by element (the scalar path). */
  static void transposeScalar(float[] x, int xOff, int xRow, float[] t, int tOff, int tRow, int rows,
      int cols) {
    for (int b = 0; b < rows; b++) {
      for (int i = 0; i < cols; i++) {
        t[tOff + i * tRow + b] = x[xOff + b * xRow + i];
      }
    }
  }
}
