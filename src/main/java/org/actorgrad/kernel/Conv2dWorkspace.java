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
  final float[] dzT; // (OH*OW, filtersPadded): one sample's dz transposed, for dWᵀ = colsT · dzT
  final float[] dcolsT; // (C*KH*KW, positionsPadded): the patches' gradient
  final float[] weights; // (OC, patchPadded): W with zero-padded rows, for dx
  final float[] dw; // (C*KH*KW, filtersPadded): dWᵀ, grad's dW transposed, summed over the samples

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
    this.dcolsT = allocate(sizes.colsT());
    this.weights = allocate(sizes.weights());
    this.dw = allocate(sizes.dw());
  }

  /** Floats a workspace for {@code shapes} holds, without allocating it (for memory bounds). */
  public static long floatsFor(Conv2dShape... shapes) {
    Sizes sizes = Sizes.of(shapes);
    // colsT and dcolsT, out, dzT, weights and dw
    return 2 * sizes.colsT() + sizes.out() + sizes.dzT() + sizes.weights() + sizes.dw();
  }

  /** Each buffer's length in floats: the largest any of the shapes needs. */
  private record Sizes(long colsT, long out, long dzT, long weights, long dw) {
    static Sizes of(Conv2dShape... shapes) {
      long colsT = 0, out = 0, dzT = 0, weights = 0, dw = 0;
      for (Conv2dShape s : shapes) {
        long positionsPadded = positionsPadded(s), patchPadded = patchPadded(s);
        long filtersPadded = filtersPadded(s);
        colsT = Math.max(colsT, s.patchSize() * positionsPadded);
        out = Math.max(out, s.filters() * positionsPadded);
        dzT = Math.max(dzT, s.positions() * filtersPadded);
        weights = Math.max(weights, s.filters() * patchPadded);
        dw = Math.max(dw, s.patchSize() * filtersPadded);
      }
      return new Sizes(colsT, out, dzT, weights, dw);
    }
  }

  /** Floats held, for memory reports and tests. */
  public long floats() {
    return (long) colsT.length + out.length + dzT.length + dcolsT.length + weights.length + dw.length;
  }

  boolean fits(Conv2dShape s) {
    return colsT.length >= (long) s.patchSize() * positionsPadded(s)
        && out.length >= (long) s.filters() * positionsPadded(s)
        && dzT.length >= s.positions() * filtersPadded(s)
        && weights.length >= (long) s.filters() * patchPadded(s)
        && dw.length >= s.patchSize() * filtersPadded(s);
  }

  /** OH*OW rounded up to a multiple of 16 (in long: a shape may sit near the int limit). */
  static long positionsPadded(Conv2dShape s) {
    return padded(s.positions());
  }

  /** OC rounded up to a multiple of 16. */
  static long filtersPadded(Conv2dShape s) {
    return padded(s.filters());
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
