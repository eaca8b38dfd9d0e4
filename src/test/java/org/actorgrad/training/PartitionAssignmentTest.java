package org.actorgrad.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionAssignmentTest {

  @Test
  void roundRobinSpreadsPartitions() {
    PartitionAssignment<String> a = PartitionAssignment.roundRobin(5, List.of("a", "b"));
    assertArrayEquals(new int[] {0, 2, 4}, a.partitionsOf("a"));
    assertArrayEquals(new int[] {1, 3}, a.partitionsOf("b"));
  }

  @Test
  void moreWorkersThanPartitionsLeavesSomeIdle() {
    PartitionAssignment<String> a = PartitionAssignment.roundRobin(2, List.of("a", "b", "c"));
    assertArrayEquals(new int[0], a.partitionsOf("c"));
    assertEquals(3, a.workers().size());
  }

  @Test
  void aLostWorkersPartitionsGoToTheLeastLoadedSurvivors() {
    PartitionAssignment<String> a = PartitionAssignment.roundRobin(6, List.of("a", "b", "c"));
    PartitionAssignment<String> b = a.without("b"); // b had 1 and 4
    assertEquals(List.of("a", "c"), b.workers());
    assertArrayEquals(new int[] {0, 1, 3}, b.partitionsOf("a"));
    assertArrayEquals(new int[] {2, 4, 5}, b.partitionsOf("c"));
  }

  @Test
  void partitionsOfSurvivorsStayPut() {
    PartitionAssignment<String> a = PartitionAssignment.roundRobin(8, List.of("a", "b", "c", "d"));
    PartitionAssignment<String> b = a.without("c");
    for (int p = 0; p < 8; p++) {
      if (!a.owner(p).equals("c")) {
        assertEquals(a.owner(p), b.owner(p), "partition " + p + " moved needlessly");
      }
    }
  }

  @Test
  void losingTheLastWorkerLeavesNone() {
    PartitionAssignment<String> a = PartitionAssignment.roundRobin(3, List.of("a"));
    assertTrue(a.without("a").workers().isEmpty());
    assertEquals(a, a.without("z"));
  }

  @Test
  void aJoiningWorkerTakesPartitionsUntilBalanced() {
    PartitionAssignment<String> a = PartitionAssignment.roundRobin(6, List.of("a", "b"));
    PartitionAssignment<String> b = a.with("c");
    assertEquals(2, b.partitionsOf("a").length);
    assertEquals(2, b.partitionsOf("b").length);
    assertEquals(2, b.partitionsOf("c").length);
    assertEquals(b, b.with("c"));
  }

  @Test
  void joiningBeyondThePartitionCountMovesNothing() {
    PartitionAssignment<String> a = PartitionAssignment.roundRobin(2, List.of("a", "b"));
    PartitionAssignment<String> b = a.with("c");
    assertArrayEquals(a.partitionsOf("a"), b.partitionsOf("a"));
    assertArrayEquals(new int[0], b.partitionsOf("c"));
  }

  @Test
  void rejectsNonsense() {
    assertThrows(IllegalArgumentException.class, () -> PartitionAssignment.roundRobin(0, List.of("a")));
    assertThrows(IllegalArgumentException.class, () -> PartitionAssignment.roundRobin(2, List.of()));
  }
}
