package org.actorgrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitioningTest {
  private static int[] range(int from, int count) {
    int[] values = new int[count];
    for (int i = 0; i < count; i++) {
      values[i] = from + i;
    }
    return values;
  }

  @Test
  void sizesDifferByAtMostOneLargerFirst() {
    for (int partitions : new int[] {1, 2, 3, 7, 16, 101}) {
      int[][] parts = Partitioning.partition(range(0, 1003), partitions, 11);
      assertEquals(partitions, parts.length);
      int base = 1003 / partitions;
      for (int p = 0; p < partitions; p++) {
        assertEquals(base + (p < 1003 % partitions ? 1 : 0), parts[p].length, "partition " + p + " of " + partitions);
      }
    }
  }

  @Test
  void everySampleLandsInExactlyOnePartitionSorted() {
    int[] train = range(500, 997); // indices need not start at 0
    int[][] parts = Partitioning.partition(train, 8, 3);
    Set<Integer> seen = new HashSet<>();
    for (int[] part : parts) {
      for (int i = 0; i < part.length; i++) {
        assertTrue(seen.add(part[i]), "sample " + part[i] + " twice");
        if (i > 0) {
          assertTrue(part[i - 1] < part[i], "sorted ascending");
        }
      }
    }
    assertEquals(997, seen.size());
    for (int sample : train) {
      assertTrue(seen.contains(sample));
    }
  }

  @Test
  void isADeterministicShuffleOfTheSeed() {
    int[] train = range(0, 200);
    int[][] a = Partitioning.partition(train, 4, 9);
    int[][] b = Partitioning.partition(train.clone(), 4, 9);
    for (int p = 0; p < 4; p++) {
      assertArrayEquals(a[p], b[p]);
    }
    assertFalse(Arrays.equals(a[0], Partitioning.partition(train, 4, 10)[0]), "another seed deals differently");
    assertFalse(Arrays.equals(a[0], range(0, 50)), "shuffled, not cut into consecutive blocks");
    assertArrayEquals(range(0, 200), train, "the input is not modified");
  }

  @Test
  void onePartitionPerSampleIsAllowed() {
    int[][] parts = Partitioning.partition(new int[] {4, 8, 15}, 3, 1);
    for (int[] part : parts) {
      assertEquals(1, part.length);
    }
  }

  @Test
  void rejectsBadArguments() {
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> Partitioning.partition(range(0, 10), 0, 1));
    assertEquals("expected at least 1 partition, found 0", none.getMessage());
    IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
        () -> Partitioning.partition(range(0, 10), 11, 1));
    assertEquals("expected at most one partition per training sample (10), found 11 partitions", many.getMessage());
  }
}
