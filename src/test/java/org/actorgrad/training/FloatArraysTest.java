package org.actorgrad.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The step-buffer pool. Each test uses a length no other code decodes, so the JVM-wide pool is its own. */
class FloatArraysTest {

  @Test
  void anArrayGivenBackIsHandedOutAgainForItsLength() {
    float[] first = FloatArrays.take(12_347);
    assertEquals(12_347, first.length);
    FloatArrays.giveBack(first);
    float[] again = FloatArrays.take(12_347);
    assertSame(first, again, "reused, not allocated");
    float[] other = FloatArrays.take(12_347);
    assertNotSame(again, other, "one taker per array");
    FloatArrays.giveBack(again);
    FloatArrays.giveBack(other);
  }

  @Test
  void anArrayGivenBackTwiceIsRefused() {
    float[] a = FloatArrays.take(12_349);
    float[] b = FloatArrays.take(12_349);
    FloatArrays.giveBack(a);
    IllegalStateException twice = assertThrows(IllegalStateException.class, () -> FloatArrays.giveBack(a));
    assertEquals("an array was given back twice", twice.getMessage());
    FloatArrays.giveBack(b);
  }
}
