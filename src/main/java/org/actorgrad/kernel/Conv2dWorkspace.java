package org.actorgrad.kernel;

/**
 * Scratch memory for {@link Conv2d}: one sample's lowered patches and products, in the layouts
 * that let every product run on whole vectors. Positions and patches are padded with zero columns
 * to a multiple of 16 floats (the widest vector): a column left over would run as a scalar,
 * latency-bound chain (the 3x3 first layer's dW, 9 columns, took more time than all its vector
 * work). Each buffer is sized by the largest need of any one layer it was built for, so a network
 * pays for its largest layer per buffer, not for the product of maxima taken from different layers.
 *
 * <p>Owned by whoever calls Conv2d in a loop, one per thread ({@code model.GradientEngine} owns
 * one per engine); allocated once, never per call. Its content between calls means nothing.
 */
public final class Conv2dWorkspace {
  final float[] colsT; // (C*KH*KW, positionsPadded): the patches, one row per weight column
  final float[] out; // (OC, positionsPadded): forward's product before the bias; backward's dz padded
  final float[] cols; // (positionsPadded, patchPadded): colsT transposed, one row per output position
  final float[] dcolsT; // (C*KH*KW, positionsPadded): the patches' gradient
  final float[] weights; // (OC, patchPadded): W with zero-padded rows, for dx
  final float[] dw; // (OC, patchPadded): dW summed over the samples before it is added to grad

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
    this.cols = allocate(sizes.cols());
    this.dcolsT = allocate(sizes.colsT());
    this.weights = allocate(sizes.weights());
    this.dw = allocate(sizes.weights());
  }

  /** Floats a workspace for {@code shapes} holds, without allocating it (for memory bounds). */
  public static long floatsFor(Conv2dShape... shapes) {
    Sizes sizes = Sizes.of(shapes);
    // colsT and dcolsT, out, cols, weights and dw
    return 2 * sizes.colsT() + sizes.out() + sizes.cols() + 2 * sizes.weights();
  }

  /** Each buffer's length in floats: the largest any of the shapes needs. */
  private record Sizes(long colsT, long out, long cols, long weights) {
    static Sizes of(Conv2dShape... shapes) {
      long colsT = 0, out = 0, cols = 0, weights = 0;
      for (Conv2dShape s : shapes) {
        long positionsPadded = positionsPadded(s), patchPadded = patchPadded(s);
        colsT = Math.max(colsT, s.patchSize() * positionsPadded);
        out = Math.max(out, s.filters() * positionsPadded);
        cols = Math.max(cols, positionsPadded * patchPadded);
        weights = Math.max(weights, s.filters() * patchPadded);
      }
      return new Sizes(colsT, out, cols, weights);
    }
  }

  /** Floats held, for memory reports and tests. */
  public long floats() {
    return (long) colsT.length + out.length + cols.length + dcolsT.length + weights.length + dw.length;
  }

  boolean fits(Conv2dShape s) {
    return colsT.length >= (long) s.patchSize() * positionsPadded(s)
        && out.length >= (long) s.filters() * positionsPadded(s)
        && cols.length >= positionsPadded(s) * patchPadded(s)
        && weights.length >= (long) s.filters() * patchPadded(s);
  }

  /** OH*OW rounded up to a multiple of 16 (in long: a shape may sit near the int limit). */
  static long positionsPadded(Conv2dShape s) {
    return padded(s.positions());
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
