package org.actorgrad.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

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

  /** Fails at the first element whose raw bits differ, naming it, or when the lengths differ. */
  public static void assertBitIdentical(float[] expected, float[] actual) {
    assertBitIdentical(expected, actual, "");
  }

  /** As {@link #assertBitIdentical(float[], float[])}, the message starting with {@code what}. */
  public static void assertBitIdentical(float[] expected, float[] actual, String what) {
    String prefix = what.isEmpty() ? "" : what + ": ";
    assertEquals(expected.length, actual.length, prefix + "length");
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        fail(String.format("%selement %d differs: %s vs %s (bits %08x vs %08x)", prefix, i, expected[i],
            actual[i], Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i])));
      }
    }
  }
}
