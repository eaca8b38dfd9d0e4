package org.actorgrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;

class EpochPlanTest {
  @Test
  void quotasSplitTheBatchFirstPartitionsTakingTheRemainder() {
    EpochPlan plan = new EpochPlan(new int[] {100, 100, 100}, 32, 1);
    assertEquals(11, plan.quota(0));
    assertEquals(11, plan.quota(1));
    assertEquals(10, plan.quota(2));
    int total = 0;
    for (int p = 0; p < 3; p++) {
      total += plan.quota(p);
    }
    assertEquals(32, total);
  }

  @Test
  void stepsPerEpochIsTheLongestPartition() {
    // Partition 0: 25 samples at 11 per step = 3 steps; partition 2: 24 at 10 = 3; 1: 25 at 11 = 3.
    assertEquals(3, new EpochPlan(new int[] {25, 25, 24}, 32, 1).stepsPerEpoch());
    // 55,000 over 4 partitions, batch 128: 13,750 per partition at 32 per step.
    assertEquals(430, new EpochPlan(new int[] {13_750, 13_750, 13_750, 13_750}, 128, 1).stepsPerEpoch());
    // A partition with quota 10 and 31 samples needs 4 steps even if the others need 3.
    assertEquals(4, new EpochPlan(new int[] {30, 30, 31}, 31, 1).stepsPerEpoch());
  }

  @Test
  void orderIsThePermutationDerivedFromSeedEpochAndPartition() {
    EpochPlan plan = new EpochPlan(new int[] {50, 49}, 8, 77);
    int[] expected = new int[49];
    for (int i = 0; i < 49; i++) {
      expected[i] = i;
    }
    SeededRandom.derive(77, 3, 1).shuffleInPlace(expected);
    assertArrayEquals(expected, plan.order(3, 1));
  }

  @Test
  void aPartitionsOrderDependsOnlyOnSeedEpochAndPartition() {
    // Other partitions' sizes and the batch size do not change partition 1's order.
    int[] order = new EpochPlan(new int[] {50, 40}, 8, 5).order(2, 1);
    assertArrayEquals(order, new EpochPlan(new int[] {7, 40, 99}, 30, 5).order(2, 1));
    // Asking in any sequence gives the same answers (the cache is not state that leaks).
    EpochPlan plan = new EpochPlan(new int[] {50, 40}, 8, 5);
    plan.order(0, 1);
    plan.positions(7, 0, 1);
    assertArrayEquals(order, plan.order(2, 1));
    assertFalse(Arrays.equals(order, plan.order(3, 1)), "each epoch reshuffles");
    assertFalse(Arrays.equals(order, new EpochPlan(new int[] {50, 40}, 8, 6).order(2, 1)), "each seed differs");
  }

  @Test
  void everySampleAppearsExactlyOncePerEpoch() {
    int[] sizes = {37, 36, 36, 35};
    EpochPlan plan = new EpochPlan(sizes, 10, 123);
    for (int epoch = 0; epoch < 3; epoch++) {
      int[][] seen = new int[sizes.length][];
      for (int p = 0; p < sizes.length; p++) {
        seen[p] = new int[sizes[p]];
      }
      for (int step = 0; step < plan.stepsPerEpoch(); step++) {
        int inStep = 0;
        for (int p = 0; p < sizes.length; p++) {
          int[] positions = plan.positions(epoch, step, p);
          assertTrue(positions.length <= plan.quota(p));
          for (int position : positions) {
            seen[p][position]++;
          }
          inStep += positions.length;
        }
        assertEquals(plan.stepSamples(step), inStep);
      }
      for (int p = 0; p < sizes.length; p++) {
        for (int position = 0; position < sizes[p]; position++) {
          assertEquals(1, seen[p][position], "epoch " + epoch + ", partition " + p + ", position " + position);
        }
      }
    }
  }

  @Test
  void positionsFollowTheOrderInQuotaSizedSlices() {
    EpochPlan plan = new EpochPlan(new int[] {23, 5}, 10, 9);
    assertEquals(5, plan.quota(0));
    assertEquals(5, plan.stepsPerEpoch());
    int[] order = plan.order(1, 0);
    assertArrayEquals(Arrays.copyOfRange(order, 0, 5), plan.positions(1, 0, 0));
    assertArrayEquals(Arrays.copyOfRange(order, 20, 23), plan.positions(1, 4, 0), "the last step is short");
    assertEquals(0, plan.positions(1, 1, 1).length, "partition 1 ran out after one step");
    assertEquals(10, plan.stepSamples(0));
    assertEquals(5, plan.stepSamples(1));
    assertEquals(3, plan.stepSamples(4));
  }

  @Test
  void rejectsBadArguments() {
    IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
        () -> new EpochPlan(new int[] {10, 10, 10}, 2, 1));
    assertEquals("expected a batch size of at least one sample per partition (3), found 2", batch.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new EpochPlan(new int[0], 2, 1));
    assertThrows(IllegalArgumentException.class, () -> new EpochPlan(new int[] {5, 0}, 2, 1));
    EpochPlan plan = new EpochPlan(new int[] {10, 10}, 4, 1);
    assertThrows(IllegalArgumentException.class, () -> plan.quota(2));
    assertThrows(IllegalArgumentException.class, () -> plan.positions(0, plan.stepsPerEpoch(), 0));
    assertThrows(IllegalArgumentException.class, () -> plan.positions(-1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> plan.order(0, -1));
  }
}
