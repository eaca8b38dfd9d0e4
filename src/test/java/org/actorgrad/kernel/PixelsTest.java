package org.actorgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bytes to [0, 1] floats: the bits of Java's float division, whole vectors and tails alike. */
class PixelsTest {
  @Test
  void everyByteValueGivesTheBitsOfItsDivisionBy255() {
    byte[] src = new byte[256 + 7];
    for (int v = 0; v < src.length; v++) {
      src[v] = (byte) v;
    }
    float[] dst = new float[src.length];
    Pixels.scale(src, 0, dst, 0, src.length);
    for (int v = 0; v < src.length; v++) {
      assertEquals(Float.floatToRawIntBits((v & 0xFF) / 255f), Float.floatToRawIntBits(dst[v]), "byte " + v);
    }
  }

  @Test
  void anyOffsetsAndLengthsWriteOnlyTheirRange() {
    Random random = new Random(5);
    byte[] src = new byte[300];
    random.nextBytes(src);
    for (int n = 0; n <= 70; n++) {
      int from = random.nextInt(src.length - n + 1);
      int to = random.nextInt(100);
      float[] dst = new float[to + n + 3];
      java.util.Arrays.fill(dst, -1f);
      Pixels.scale(src, from, dst, to, n);
      for (int k = 0; k < dst.length; k++) {
        float expected = k >= to && k < to + n ? (src[from + k - to] & 0xFF) / 255f : -1f;
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(dst[k]), "n " + n + ", at " + k);
      }
    }
  }

  @Test
  void aRangeOutsideItsArrayIsRefused() {
    assertThrows(IndexOutOfBoundsException.class, () -> Pixels.scale(new byte[10], 5, new float[10], 0, 6));
    assertThrows(IndexOutOfBoundsException.class, () -> Pixels.scale(new byte[10], 0, new float[10], 5, 6));
  }
}
