package org.actorgrad.kernel;

/**
 * Scratch memory for {@link Conv2d}: one sample's lowered patches (or {@link Winograd}'s tiles)
 * and products, in the layouts that let every product run on whole vectors. Positions and patches
 * are padded with zero columns to a multiple of 16 floats (the widest vector): a column left over
 * would run as a scalar, latency-bound chain (the 3x3 first layer's dW, 9 columns, took more
 * time than all its vector work). Each buffer is sized by the largest need of any one layer it was
 * built for, so a network pays for its largest layer per buffer, not for the product of maxima
 * taken from different layers.
 *
 * <p>Owned by whoever calls Conv2d in a loop, one per thread ({@code model.GradientEngine} owns
 * one per engine); allocated once, never per call. Its content between calls means nothing.
 */
public final class Conv2dWorkspace {
  final float[] colsT; // (C*KH*KW, positionsPadded): the patches, one row per weight column
  final float[] out; // (OC, positionsPadded): forward's product before the bias; backward's dz padded, or wide
  // (OH*OW, filtersPadded): one sample's dz transposed, for dWᵀ = colsT · dzT (Winograd's too),
  // and Winograd's forward's z transposed
  final float[] dzT;
  final float[] dcolsT; // (C*KH*KW, positionsPadded): the patches' gradient, or wide after a margin
  final float[] bias; // (filtersPadded): one sample's db, before it is added to grad
  final float[] dw; // (C*KH*KW, filtersPadded): dWᵀ, grad's dW transposed, summed over the samples
  // Winograd's (empty unless a shape takes it; layouts in Winograd's javadoc):
  final float[] wgX; // the zero-padded channel-last input the tiles read
  final float[] wgDx; // the same for the input's gradient, the tiles' sums
  final float[] wgHwc; // (H*W, channelsPadded): the input channel-last, or its gradient, unpadded
  final float[] wgV; // (16, T, channelsPadded): V, then dV
  final float[] wgM; // (16, T, filtersPadded): M, or dM
  // the filters transformed: (16, C, filtersPadded) forward, (16, filtersPadded, channelsPadded) backward
  final float[] wgU;
  final float[] wgW; // (C*9, filtersPadded): W transposed, then dW transposed (vector path)
  final float[] wgDu; // (16, C, filtersPadded): dU summed over the samples
  final float[] wgDuSample; // (16, C, filtersPadded): one sample's dU

  /**
   * Room for every layer in {@code shapes}.
   *
   * @throws IllegalArgumentException if no shape is given or a buffer would exceed 2^31-1 floats
   */
  public Conv2dWorkspace(Conv2dShape... shapes) {
    if (shapes == null || shapes.length == 0) {
      throw new IllegalArgumentException("expected at least one conv shape");
    }
    Sizes sizes = Sizes.of(shapes);
    this.colsT = allocate(sizes.colsT());
    this.out = allocate(sizes.out());
    this.dzT = allocate(sizes.dzT());
    this.dcolsT = allocate(sizes.dcolsT());
    this.bias = allocate(sizes.bias());
    this.dw = allocate(sizes.dw());
    this.wgX = allocate(sizes.wgX());
    this.wgDx = allocate(sizes.wgX());
    this.wgHwc = allocate(sizes.wgHwc());
    this.wgV = allocate(sizes.wgV());
    this.wgM = allocate(sizes.wgM());
    this.wgU = allocate(sizes.wgU());
    this.wgW = allocate(sizes.wgW());
    this.wgDu = allocate(sizes.wgDu());
    this.wgDuSample = allocate(sizes.wgDu());
  }

  /** Floats a workspace for {@code shapes} holds, without allocating it (for memory bounds). */
  public static long floatsFor(Conv2dShape... shapes) {
    Sizes sizes = Sizes.of(shapes);
    // colsT, dcolsT, out, dzT, bias and dw; Winograd's, wgX and wgDu twice (wgDx, wgDuSample)
    return sizes.colsT() + sizes.dcolsT() + sizes.out() + sizes.dzT() + sizes.bias() + sizes.dw()
        + 2 * sizes.wgX() + sizes.wgHwc() + sizes.wgV() + sizes.wgM() + sizes.wgU() + sizes.wgW()
        + 2 * sizes.wgDu();
  }

  /** Each buffer's length in floats: the largest any of the shapes needs. */
  private record Sizes(long colsT, long dcolsT, long out, long dzT, long bias, long dw, long wgX,
      long wgHwc, long wgV, long wgM, long wgU, long wgW, long wgDu) {
    static Sizes of(Conv2dShape... shapes) {
      long colsT = 0, dcolsT = 0, out = 0, dzT = 0, bias = 0, dw = 0;
      long wgX = 0, wgHwc = 0, wgV = 0, wgM = 0, wgU = 0, wgW = 0, wgDu = 0;
      for (Conv2dShape s : shapes) {
        long positionsPadded = positionsPadded(s);
        long filtersPadded = filtersPadded(s), widePadded = widePadded(s);
        out = Math.max(out, s.filters() * Math.max(positionsPadded, widePadded));
        dzT = Math.max(dzT, s.positions() * filtersPadded);
        bias = Math.max(bias, filtersPadded);
        if (Winograd.applies(s)) { // no patches: its own buffers below
          long cp = channelsPadded(s), tiles = Winograd.tiles(s);
          wgX = Math.max(wgX, Winograd.paddedInput(s));
          wgHwc = Math.max(wgHwc, (long) s.rows() * s.cols() * cp);
          wgV = Math.max(wgV, 16 * tiles * cp);
          wgM = Math.max(wgM, 16 * tiles * filtersPadded);
          wgU = Math.max(wgU, 16 * filtersPadded * Math.max(s.channels(), cp));
          wgW = Math.max(wgW, (long) s.patchSize() * filtersPadded);
          wgDu = Math.max(wgDu, 16 * s.channels() * filtersPadded);
          continue;
        }
        colsT = Math.max(colsT, s.patchSize() * positionsPadded);
        dcolsT = Math.max(dcolsT, Math.max(s.patchSize() * positionsPadded,
            wideMargin(s) + s.patchSize() * widePadded + DenseWorkspace.MAX_LANES));
        dw = Math.max(dw, s.patchSize() * filtersPadded);
      }
      return new Sizes(colsT, dcolsT, out, dzT, bias, dw, wgX, wgHwc, wgV, wgM, wgU, wgW, wgDu);
    }
  }

  /** Floats held, for memory reports and tests. */
  public long floats() {
    return (long) colsT.length + out.length + dzT.length + dcolsT.length + bias.length + dw.length
        + wgX.length + wgDx.length + wgHwc.length + wgV.length + wgM.length + wgU.length + wgW.length
        + wgDu.length + wgDuSample.length;
  }

  boolean fits(Conv2dShape s) {
    if (Winograd.applies(s)) {
      long cp = channelsPadded(s), op = filtersPadded(s), tiles = Winograd.tiles(s);
      if (wgX.length < Winograd.paddedInput(s) || wgDx.length < Winograd.paddedInput(s)
          || wgHwc.length < (long) s.rows() * s.cols() * cp || wgV.length < 16 * tiles * cp
          || wgM.length < 16 * tiles * op
          || wgU.length < 16 * op * Math.max(s.channels(), cp) || wgW.length < (long) s.patchSize() * op
          || wgDu.length < 16 * s.channels() * op || wgDuSample.length < 16 * s.channels() * op) {
        return false;
      }
    } else if (colsT.length < s.patchSize() * positionsPadded(s)
        || dcolsT.length < Math.max(s.patchSize() * positionsPadded(s),
            wideMargin(s) + s.patchSize() * widePadded(s) + DenseWorkspace.MAX_LANES)
        || dw.length < s.patchSize() * filtersPadded(s)) {
      return false;
    }
    return out.length >= s.filters() * Math.max(positionsPadded(s), widePadded(s))
        && dzT.length >= s.positions() * filtersPadded(s)
        && bias.length >= filtersPadded(s);
  }

  /** OH*OW rounded up to a multiple of 16 (in long: a shape may sit near the int limit). */
  static long positionsPadded(Conv2dShape s) {
    return padded(s.positions());
  }

  /**
   * OH*W rounded up to a multiple of 16: the wide positions (oh, ow < W) of dX's lowering for
   * stride 1 without padding ({@link Col2imVector}); 0 for other geometries.
   */
  static long widePadded(Conv2dShape s) {
    return wide(s) ? padded((long) s.outRows() * s.cols()) : 0;
  }

  /** Floats of dcolsT before its wide rows start: zeros that reads KW − 1 left of a row take. */
  static int wideMargin(Conv2dShape s) {
    return wide(s) ? DenseWorkspace.MAX_LANES + s.kernelCols() : 0;
  }

  /** The geometry of {@link Col2imVector}: stride 1, no padding (dX only, so any input count). */
  static boolean wide(Conv2dShape s) {
    return s.strideRows() == 1 && s.strideCols() == 1 && s.padTop() == 0 && s.padLeft() == 0
        && s.outRows() == s.rows() - s.kernelRows() + 1 && s.outCols() == s.cols() - s.kernelCols() + 1;
  }

  /** OC rounded up to a multiple of 16. */
  static long filtersPadded(Conv2dShape s) {
    return padded(s.filters());
  }

  /** C rounded up to a multiple of 16. */
  static long channelsPadded(Conv2dShape s) {
    return padded(s.channels());
  }

  /** C*KH*KW rounded up to a multiple of 16. */
  static long patchPadded(Conv2dShape s) {
    return padded(s.patchSize());
  }

  private static long padded(long floats) {
    long lanes = DenseWorkspace.MAX_LANES;
    return (floats + lanes - 1) / lanes * lanes;
  }

  private static float[] allocate(long floats) {
    if (floats > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a conv workspace buffer of " + floats
          + " floats is more than one Java array holds");
    }
    return new float[(int) floats];
  }
}
