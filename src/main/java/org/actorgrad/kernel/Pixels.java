package org.actorgrad.kernel;

import java.util.Objects;

/**
 * Pixels as a network's inputs: unsigned bytes to floats in [0, 1], dst[k] = (src[k] &amp; 0xFF) / 255f,
 * rounded as Java's float division rounds (IEEE 754 round to nearest), on either path: the Vector
 * API's division rounds every lane the same way, so both paths give the bits of the division.
 * Every step gathers its batch with this (784 bytes per MNIST image); per pixel a table lookup took
 * ~8% of a local run's CPU at 2 workers (JFR), a few vector instructions per 16 pixels take less.
 */
public final class Pixels {
  private static final float[] SCALED = new float[256];

  static {
    for (int v = 0; v < 256; v++) {
      SCALED[v] = v / 255f;
    }
  }

  private Pixels() {}

  /**
   * dst[dstOff + k] = (src[srcOff + k] &amp; 0xFF) / 255f for k &lt; n.
   *
   * @throws IndexOutOfBoundsException when a range falls outside its array
   */
  public static void scale(byte[] src, int srcOff, float[] dst, int dstOff, int n) {
    Objects.checkFromIndexSize(srcOff, n, src.length);
    Objects.checkFromIndexSize(dstOff, n, dst.length);
    int k = Dense.vector() ? PixelsVector.scale(src, srcOff, dst, dstOff, n) : 0;
    for (; k < n; k++) {
      dst[dstOff + k] = SCALED[src[srcOff + k] & 0xFF];
    }
  }
}
