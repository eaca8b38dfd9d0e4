package org.actorgrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SplitsTest {
  private static void assertSortedDisjointCover(Split split, int used) {
    boolean[] seen = new boolean[used];
    for (int[] part : new int[][] {split.train(), split.validation()}) {
      for (int i = 0; i < part.length; i++) {
        assertTrue(part[i] >= 0 && part[i] < used, "index " + part[i] + " outside [0, " + used + ")");
        assertFalse(seen[part[i]], "index " + part[i] + " twice");
        seen[part[i]] = true;
        if (i > 0) {
          assertTrue(part[i - 1] < part[i], "sorted ascending");
        }
      }
    }
    assertEquals(used, split.train().length + split.validation().length);
  }

  @Test
  void holdsOutTheRequestedCountSortedAndDisjoint() {
    Split split = Splits.split(60_000, 5_000, 0, 42);
    assertEquals(5_000, split.validation().length);
    assertEquals(55_000, split.train().length);
    assertSortedDisjointCover(split, 60_000);
  }

  @Test
  void isADeterministicFunctionOfItsInputs() {
    Split a = Splits.split(1000, 100, 0, 7);
    Split b = Splits.split(1000, 100, 0, 7);
    assertArrayEquals(a.train(), b.train());
    assertArrayEquals(a.validation(), b.validation());
    Split otherSeed = Splits.split(1000, 100, 0, 8);
    assertFalse(Arrays.equals(a.validation(), otherSeed.validation()));
  }

  @Test
  void theHeldOutSamplesAreSpreadNotAPrefix() {
    int[] validation = Splits.split(1000, 100, 0, 3).validation();
    assertTrue(validation[0] < 100 && validation[99] > 900, Arrays.toString(validation));
  }

  @Test
  void aLimitTakesTheFirstSamplesBeforeSplitting() {
    Split split = Splits.split(60_000, 10, 100, 5);
    assertSortedDisjointCover(split, 100);
    assertEquals(10, split.validation().length);
    assertEquals(90, split.train().length);
    Split whole = Splits.split(60_000, 10, 60_000, 5);
    assertArrayEquals(Splits.split(60_000, 10, 0, 5).validation(), whole.validation(), "limit = count is no limit");
  }

  @Test
  void zeroValidationKeepsEverySample() {
    Split split = Splits.split(10, 0, 0, 1);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, split.train());
    assertEquals(0, split.validation().length);
  }

  @Test
  void defaultValidationIsATwelfth() {
    assertEquals(5000, Splits.defaultValidation(60_000));
    assertEquals(833, Splits.defaultValidation(10_000));
    assertEquals(0, Splits.defaultValidation(5));
    assertEquals(1, Splits.defaultValidation(6));
  }

  @Test
  void rejectsBadArguments() {
    IllegalArgumentException all = assertThrows(IllegalArgumentException.class, () -> Splits.split(100, 100, 0, 1));
    assertEquals("expected a validation size from 0 to 99 (fewer than the 100 samples used), found 100", all.getMessage());
    IllegalArgumentException limited = assertThrows(IllegalArgumentException.class, () -> Splits.split(100, 20, 20, 1));
    assertTrue(limited.getMessage().contains("fewer than the 20 samples used"), limited.getMessage());
    IllegalArgumentException limit = assertThrows(IllegalArgumentException.class, () -> Splits.split(100, 1, 101, 1));
    assertEquals("expected a limit between 0 (no limit) and the 100 training samples, found 101", limit.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Splits.split(100, -1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> Splits.split(0, 0, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> Splits.defaultValidation(0));
  }
}
