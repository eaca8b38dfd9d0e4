package org.actorgrad.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The step-buffer pool: each test has its own, as each node does. */
class FloatArraysTest {

  @Test
  void anArrayGivenBackIsHandedOutAgainForItsLength() {
    FloatArrays pool = new FloatArrays();
    float[] first = pool.take(1000);
    assertEquals(1000, first.length);
    pool.giveBack(first);
    assertNotSame(first, pool.take(999), "another length gets another array");
    float[] again = pool.take(1000);
    assertSame(first, again, "reused, not allocated");
    float[] other = pool.take(1000);
    assertNotSame(again, other, "one taker per array");
  }

  @Test
  void anArrayGivenBackTwiceIsRefused() {
    FloatArrays pool = new FloatArrays();
    float[] a = pool.take(1000);
    pool.take(1000);
    pool.giveBack(a);
    IllegalStateException twice = assertThrows(IllegalStateException.class, () -> pool.giveBack(a));
    assertEquals("an array was given back twice", twice.getMessage());
  }

  @Test
  void arraysGivenBackWhileNoneIsLentAreNotKept() {
    FloatArrays pool = new FloatArrays();
    float[] local = new float[1000]; // a local worker's gradient, never taken from the pool
    pool.giveBack(local);
    assertNotSame(local, pool.take(1000), "a pool that lent nothing keeps nothing");
  }

  @Test
  void twoPoolsNeverShareAnArray() {
    FloatArrays coordinator = new FloatArrays();
    FloatArrays worker = new FloatArrays();
    float[] a = coordinator.take(1000);
    worker.take(1000);
    coordinator.giveBack(a);
    assertNotSame(a, worker.take(1000));
    assertSame(a, coordinator.take(1000));
  }
}
