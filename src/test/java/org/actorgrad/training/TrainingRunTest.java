package org.actorgrad.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * The parameter arrays a run hands out: a step's weights stay as they are while the next step is
 * computed from them, the array comes back two steps later, and a checkpoint's copy does not.
 */
class TrainingRunTest {

  @Test
  void aStepsWeightsStayUntilTheStepAfterIsDoneAndCheckpointsKeepTheirOwnCopy() {
    TrainingRun run = TrainingRun.start(TrainingPlan.create(TestRuns.config(2, 2), TestRuns.syntheticData(96, 10, 3)));
    float[] first = run.params();
    float[] firstValues = first.clone();
    TrainingState checkpoint = run.snapshot(0);

    step(run);
    float[] second = run.params();
    assertNotSame(first, second, "the workers of the next step read the new weights, not the old array");
    assertArrayEquals(firstValues, first, "the weights the step was computed from are untouched");
    float[] secondValues = second.clone();

    step(run);
    assertSame(first, run.params(), "two steps later the array is reused");
    assertArrayEquals(secondValues, second, "the weights the step was computed from are untouched");
    assertArrayEquals(firstValues, checkpoint.params(), "a checkpoint keeps the weights it was taken with");
  }

  /** One step with a made-up gradient from every partition. */
  private static void step(TrainingRun run) {
    StepState step = run.newStep();
    for (int p = 0; p < run.plan().partitions(); p++) {
      float[] gradient = new float[run.params().length];
      java.util.Arrays.fill(gradient, 0.5f + p);
      step.accept(new Protocol.Gradient(step.step(), p, gradient, 1.0, 0, run.positions(p).length, 0, null));
    }
    run.apply(step);
  }
}
