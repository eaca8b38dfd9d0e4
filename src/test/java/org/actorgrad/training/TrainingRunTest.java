package org.actorgrad.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.actorgrad.testing.SyntheticData;
import org.junit.jupiter.api.Test;

/**
 * The arrays a run writes: a step's weights stay as they are while the next step is computed
 * from them, the array comes back two steps later, and a checkpoint's copy does not; a step's
 * gradients go back to the pool they were decoded from, when the run has one.
 */
class TrainingRunTest {

  @Test
  void aStepsWeightsStayUntilTheStepAfterIsDoneAndCheckpointsKeepTheirOwnCopy() {
    TrainingRun run = TrainingRun.start(TrainingPlan.create(TestRuns.config(2, 2), SyntheticData.of(96, 10, 3)));
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

  @Test
  void aStepsGradientsGoBackToTheGivenPoolOnceSummed() {
    TrainingRun run = TrainingRun.start(TrainingPlan.create(TestRuns.config(2, 2), SyntheticData.of(96, 10, 3)));
    FloatArrays decoded = new FloatArrays();
    run.giveGradientsBackTo(decoded);
    int n = run.params().length;
    float[][] gradients = {decoded.take(n), decoded.take(n)};
    step(run, gradients);
    List<float[]> handedOut = List.of(decoded.take(n), decoded.take(n)); // arrays: equal if the same
    assertTrue(handedOut.contains(gradients[0]) && handedOut.contains(gradients[1]),
        "both gradient arrays are handed out again");
  }

  @Test
  void withoutAPoolAStepsGradientsAreLeftAlone() {
    TrainingRun run = TrainingRun.start(TrainingPlan.create(TestRuns.config(2, 2), SyntheticData.of(96, 10, 3)));
    FloatArrays elsewhere = new FloatArrays();
    int n = run.params().length;
    float[][] gradients = {elsewhere.take(n), elsewhere.take(n)};
    step(run, gradients);
    assertNotSame(gradients[0], elsewhere.take(n));
    assertNotSame(gradients[1], elsewhere.take(n));
  }

  /** One step with a made-up gradient from every partition. */
  private static void step(TrainingRun run) {
    float[][] gradients = new float[run.plan().partitions()][run.params().length];
    step(run, gradients);
  }

  /** One step with {@code gradients[p]} from partition p, filled with made-up values. */
  private static void step(TrainingRun run, float[][] gradients) {
    StepState step = run.newStep();
    for (int p = 0; p < run.plan().partitions(); p++) {
      java.util.Arrays.fill(gradients[p], 0.5f + p);
      step.accept(new Protocol.Gradient(step.step(), p, gradients[p], 1.0, 0, run.positions(p).length, 0, null));
    }
    run.apply(step);
  }
}
