package org.actorgrad.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.actorgrad.training.Membership.Changes;
import org.actorgrad.training.Membership.Move;
import org.actorgrad.training.Membership.Verdict;
import org.actorgrad.training.Protocol.Gradient;
import org.junit.jupiter.api.Test;

/** The coordinator's membership and recompute rules, without actors: workers are strings. */
class MembershipTest {
  private static final int PARAMETERS = 3;
  private static final int[] COUNTS = {5, 5, 4, 4}; // (P) samples per partition at every step here

  private static Gradient g(long step, int p, int length, int count) {
    return new Gradient(step, p, new float[length], 1.0, 0, count, 0, null);
  }

  private static Gradient good(long step, int p) {
    return g(step, p, PARAMETERS, COUNTS[p]);
  }

  /** P = 4, a and b joined: a owns 0 and 2, b owns 1 and 3; step 0 asked. */
  private static Membership<String> twoWorkersAtStepZero() {
    Membership<String> m = new Membership<>(4, 2, PARAMETERS);
    m.joined("a");
    m.joined("b");
    Map<String, int[]> asks = m.startStep(0, COUNTS);
    assertArrayEquals(new int[] {0, 2}, asks.get("a"));
    assertArrayEquals(new int[] {1, 3}, asks.get("b"));
    return m;
  }

  @Test
  void theRunStartsWhenMinWorkersAreHereAndEveryPartitionGetsAnOwner() {
    Membership<String> m = new Membership<>(3, 2, PARAMETERS);
    assertEquals(List.of(), m.joined("a").moves());
    assertFalse(m.started());
    assertTrue(m.knows("a"));
    assertEquals(List.of(), m.joined("a").moves(), "a second Register changes nothing");
    Changes<String> start = m.joined("b");
    assertTrue(m.started());
    assertEquals(List.of(new Move<>(0, null, "a"), new Move<>(1, null, "b"), new Move<>(2, null, "a")), start.moves());
    assertEquals(List.of("a", "b"), m.workers());
  }

  @Test
  void aWorkerLostBeforeTheStartIsForgotten() {
    Membership<String> m = new Membership<>(3, 2, PARAMETERS);
    m.joined("a");
    assertEquals(List.of(), m.lost("a").moves());
    assertFalse(m.knows("a"));
    m.joined("b");
    assertFalse(m.started(), "one worker of two");
  }

  @Test
  void aLostWorkersUnansweredPartitionsAreAskedOfTheirHeirs() {
    Membership<String> m = twoWorkersAtStepZero();
    assertEquals(Verdict.TAKE, m.answered("b", good(0, 1)).verdict());
    Changes<String> c = m.lost("b");
    assertEquals(List.of(new Move<>(1, "b", "a"), new Move<>(3, "b", "a")), c.moves());
    assertEquals(List.of("a"), List.copyOf(c.asks().keySet()));
    assertArrayEquals(new int[] {3}, c.asks().get("a"), "partition 1 was answered already");
    assertEquals(List.of("a"), m.awaited());
  }

  @Test
  void aPartitionMovedMidStepIsStillAwaitedFromItsOldOwnerAndRecomputedWhenThatOneDies() {
    Membership<String> m = twoWorkersAtStepZero();
    Changes<String> join = m.joined("c");
    assertEquals(List.of(new Move<>(2, "a", "c")), join.moves());
    assertEquals(Map.of(), join.asks(), "c computes from the next step on");
    assertEquals(Verdict.TAKE, m.answered("a", good(0, 0)).verdict());
    assertEquals(Verdict.TAKE, m.answered("b", good(0, 1)).verdict());
    assertEquals(Verdict.TAKE, m.answered("b", good(0, 3)).verdict());
    assertEquals(List.of("a"), m.awaited(), "a was asked for 2; c, its owner now, was not");
    Changes<String> lost = m.lost("a");
    assertEquals(List.of(new Move<>(0, "a", "c")), lost.moves());
    assertArrayEquals(new int[] {2}, lost.asks().get("c"), "the moved partition is recomputed by its owner");
    assertEquals(List.of("c"), m.awaited());
    assertEquals(Verdict.TAKE, m.answered("c", good(0, 2)).verdict());
    assertEquals(List.of(), m.awaited());
    Map<String, int[]> next = m.startStep(1, COUNTS);
    assertArrayEquals(new int[] {0, 2}, next.get("c"));
    assertArrayEquals(new int[] {1, 3}, next.get("b"));
  }

  @Test
  void theOldOwnerMayStillAnswerAPartitionThatMovedAwayMidStep() {
    Membership<String> m = twoWorkersAtStepZero();
    m.joined("c");
    assertEquals(Verdict.TAKE, m.answered("a", good(0, 2)).verdict());
    assertEquals(Verdict.FAULTY, m.answered("c", good(0, 0)).verdict(), "c was asked nothing at step 0");
  }

  @Test
  void malformedAnswersAreFaultsWithAReason() {
    Membership<String> m = twoWorkersAtStepZero();
    assertFault(m.answered("a", g(0, 0, PARAMETERS - 1, 5)), "sent a gradient of 2 values for partition 0 of step 1, expected 3");
    assertFault(m.answered("a", g(0, 0, PARAMETERS, 6)), "reported 6 samples for partition 0 of step 1, expected 5");
    assertFault(m.answered("a", good(0, 1)), "answered partition 1 of step 1, which it was not asked for");
    assertFault(m.answered("a", good(1, 0)), "answered partition 0 of step 2, a step not asked yet");
    assertFault(m.answered("a", g(0, 4, PARAMETERS, 4)), "answered partition 4, which does not exist (P = 4)");
    assertFault(m.answered("a", new Gradient(0, 0, new float[PARAMETERS], 1, 6, 5, 0, null)),
        "reported 6 correct of 5 samples for partition 0 of step 1");
    assertFault(m.answered("a", new Gradient(0, 0, null, 1, 0, 5, 0, null)),
        "sent a gradient of -1 values for partition 0 of step 1, expected 3");
    assertEquals(List.of("a", "b"), m.awaited(), "a fault takes nothing");
  }

  private static void assertFault(Membership.Judgement j, String fault) {
    assertEquals(Verdict.FAULTY, j.verdict());
    assertEquals(fault, j.fault());
  }

  @Test
  void lateRepeatedAndStrangersAnswersAreIgnored() {
    Membership<String> m = twoWorkersAtStepZero();
    assertEquals(Verdict.IGNORE, m.answered("z", good(0, 0)).verdict(), "not a member (given up on, say)");
    assertEquals(Verdict.TAKE, m.answered("a", good(0, 0)).verdict());
    assertEquals(Verdict.IGNORE, m.answered("a", good(0, 0)).verdict(), "a repeat");
    m.answered("a", good(0, 2));
    m.answered("b", good(0, 1));
    m.answered("b", good(0, 3));
    m.startStep(1, COUNTS);
    assertEquals(Verdict.IGNORE, m.answered("a", g(0, 0, 1, 1)).verdict(), "late, for a step that is over");
    assertEquals(Verdict.IGNORE, new Membership<String>(1, 1, 1).answered("a", good(0, 0)).verdict(), "before any step");
  }

  @Test
  void losingTheLastWorkerLeavesNoneAndAsksNothing() {
    Membership<String> m = new Membership<>(2, 1, PARAMETERS);
    m.joined("a");
    m.startStep(0, new int[] {1, 1});
    Changes<String> c = m.lost("a");
    assertTrue(m.workers().isEmpty());
    assertEquals(Map.of(), c.asks());
    assertEquals(List.of(), m.awaited());
    assertThrows(IllegalStateException.class, () -> m.startStep(1, new int[] {1, 1}));
  }

  @Test
  void rejectsNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new Membership<String>(0, 1, 1));
    Membership<String> m = new Membership<>(2, 1, 1);
    m.joined("a");
    assertThrows(IllegalArgumentException.class, () -> m.startStep(0, new int[] {1}));
  }
}
