package org.actorgrad.testing;

/** Float arrays compared bit for bit in tests: NaN payloads and the sign of zero included. */
public final class FloatBits {
  private FloatBits() {}

  /** The raw bits of each value ({@link Float#floatToRawIntBits}), for assertArrayEquals. */
  public static int[] raw(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }
}
