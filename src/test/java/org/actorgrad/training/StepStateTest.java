package org.actorgrad.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.actorgrad.training.Protocol.Gradient;
import org.junit.jupiter.api.Test;

class StepStateTest {

  private static Gradient g(long step, int p, float value, int count) {
    return new Gradient(step, p, new float[] {value}, 0.5 * count, count - 1, count, 10, null);
  }

  @Test
  void completesWhenEveryPartitionAnswered() {
    StepState s = new StepState(7, 3);
    assertTrue(s.accept(g(7, 2, 3f, 4)));
    assertTrue(s.accept(g(7, 0, 1f, 4)));
    assertFalse(s.isComplete());
    assertThrows(IllegalStateException.class, s::gradients);
    assertTrue(s.accept(g(7, 1, 2f, 3)));
    assertTrue(s.isComplete());
    assertEquals(1f, s.gradients()[0][0]);
    assertEquals(2f, s.gradients()[1][0]);
    assertEquals(3f, s.gradients()[2][0]);
    assertEquals(11, s.sampleCount());
    assertEquals(8, s.correctCount());
    assertEquals(5.5, s.lossSum());
  }

  @Test
  void ignoresOtherStepsRepeatsAndStrangers() {
    StepState s = new StepState(7, 2);
    assertFalse(s.accept(g(6, 0, 1f, 1)), "a late answer to an old step");
    assertFalse(s.accept(g(8, 0, 1f, 1)));
    assertFalse(s.accept(g(7, 2, 1f, 1)), "no such partition");
    Gradient first = g(7, 0, 1f, 1);
    assertTrue(s.accept(first));
    assertFalse(s.accept(g(7, 0, 9f, 1)), "a repeat");
    assertTrue(s.hasAnswered(0));
    assertFalse(s.hasAnswered(1));
    s.accept(g(7, 1, 2f, 1));
    assertSame(first.gradient(), s.gradients()[0]);
  }
}
