package org.actorgrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Area averaging against values worked by hand. */
class AreaResizeTest {
  private static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  @Test
  void theSameSizeIsTheIdentity() {
    byte[] src = bytes(0, 255, 7, 128, 3, 9);
    assertArrayEquals(src, AreaResize.resize(src, 2, 3, 2, 3));
  }

  @Test
  void halvingTakesTheMeanOfEachTwoByTwoBlockRoundedHalfUp() {
    byte[] src = bytes(
        0, 255, 10, 20,
        255, 0, 30, 41,
        1, 1, 200, 200,
        1, 2, 200, 201);
    // means: 127.5 -> 128, 25.25 -> 25, 1.25 -> 1, 200.25 -> 200
    assertArrayEquals(bytes(128, 25, 1, 200), AreaResize.resize(src, 4, 4, 2, 2));
  }

  @Test
  void aThirdOfACellCountsForAThird() {
    // 3 columns to 2: output 0 covers column 0 and half of column 1; output 1 the other half and column 2.
    byte[] src = bytes(90, 30, 0);
    // (90 + 0.5 * 30) / 1.5 = 70; (0.5 * 30 + 0) / 1.5 = 10
    assertArrayEquals(bytes(70, 10), AreaResize.resize(src, 1, 3, 1, 2));
  }

  @Test
  void enlargingRepeatsPixels() {
    assertArrayEquals(bytes(10, 10, 50, 50, 10, 10, 50, 50), AreaResize.resize(bytes(10, 50), 1, 2, 2, 4));
  }

  @Test
  void rejectsWrongLengths() {
    assertThrows(IllegalArgumentException.class, () -> AreaResize.resize(new byte[5], 2, 3, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> AreaResize.resize(new byte[6], 2, 3, 0, 1));
  }
}
