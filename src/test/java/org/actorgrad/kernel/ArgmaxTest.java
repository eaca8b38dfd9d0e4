package org.actorgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ArgmaxTest {
  @Test
  void theLargestValueOfTheRowAtItsOffset() {
    float[] rows = {9f, 0f, // row 0 (not read)
        0.1f, 0.7f, 0.2f, // row 1
        -3f, -1f, -2f}; // row 2
    assertEquals(1, Argmax.row(rows, 2, 3));
    assertEquals(1, Argmax.row(rows, 5, 3));
    assertEquals(0, Argmax.row(rows, 0, 1));
  }

  @Test
  void aTieGoesToTheFirstIndexAndANaNNeverWins() {
    assertEquals(1, Argmax.row(new float[] {0f, 5f, 5f, 1f}, 0, 4));
    assertEquals(0, Argmax.row(new float[] {-0f, 0f}, 0, 2), "-0 and +0 compare equal: a tie");
    assertEquals(2, Argmax.row(new float[] {1f, Float.NaN, 3f}, 0, 3));
    assertEquals(0, Argmax.row(new float[] {Float.NaN, 4f}, 0, 2), "nothing is larger than a NaN in first place");
  }

  @Test
  void anEmptyRowIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Argmax.row(new float[3], 0, 0));
  }
}
