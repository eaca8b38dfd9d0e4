package org.actorgrad.kernel;

/**
 * Scratch memory for {@link Dense#forward}: the vector path packs x transposed (in, batch) here and
 * sums zᵀ (out, batch) here before writing z, so that its micro-kernel can load a row of samples
 * as one vector. Sized once for the largest layer and batch; never allocated per call.
 *
 * <p>Who owns one: whoever calls Dense in a loop. {@code model.GradientEngine} owns one per engine,
 * that is one per worker thread (an engine is not thread-safe). A workspace must not be used by two
 * threads at once; its content between calls means nothing.
 */
public final class DenseWorkspace {
  /** The widest vector the kernel uses, in floats: batches are padded to a multiple of it. */
  static final int MAX_LANES = 16;

  final float[] packed; // (in, padded batch) x transposed, then (out, padded batch) zᵀ after it

  /**
   * Room for any layer with {@code in <= maxIn} and {@code out <= maxOut} at {@code batch <= maxBatch}.
   *
   * @throws IllegalArgumentException if a size is below 1 or the buffer would exceed 2^31-1 floats
   */
  public DenseWorkspace(int maxBatch, int maxIn, int maxOut) {
    if (maxBatch < 1 || maxIn < 1 || maxOut < 1) {
      throw new IllegalArgumentException("expected maxBatch, maxIn and maxOut >= 1, found maxBatch="
          + maxBatch + " maxIn=" + maxIn + " maxOut=" + maxOut);
    }
    long floats = (long) padded(maxBatch, MAX_LANES) * ((long) maxIn + maxOut);
    if (floats > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a workspace for batch " + maxBatch + ", in " + maxIn
          + ", out " + maxOut + " would need " + floats + " floats, more than one Java array holds");
    }
    packed = new float[(int) floats];
  }

  /** Floats held, for memory reports and tests. */
  public long floats() {
    return packed.length;
  }

  /** A workspace that fits exactly this layer and batch. */
  static DenseWorkspace forLayer(int batch, int in, int out) {
    return new DenseWorkspace(batch, in, out);
  }

  boolean fits(int batch, int in, int out) {
    return (long) padded(batch, MAX_LANES) * ((long) in + out) <= packed.length;
  }

  /** Floats a workspace for this batch and layer size holds, without allocating it (for memory bounds). */
  public static long floatsFor(int maxBatch, int maxIn, int maxOut) {
    return (long) padded(maxBatch, MAX_LANES) * ((long) maxIn + maxOut);
  }

  /** batch rounded up to a multiple of lanes (a power of two). */
  static int padded(int batch, int lanes) {
    return (batch + lanes - 1) & -lanes;
  }
}
