package org.actorgrad.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.actorgrad.testing.SyntheticData;
import org.actorgrad.training.Protocol.Gradient;
import org.junit.jupiter.api.Test;

/** The run's course between steps, driven by hand without actors. */
class TrainingLoopTest {
  private static final TrainingPlan PLAN = TrainingPlan.create(TestRuns.config(1, 3), SyntheticData.of(300, 50, 5));

  /** Answers every partition of the step with a made-up gradient of the right shape. */
  private static StepState answered(TrainingLoop.Step next, int parameterCount) {
    StepState step = next.step();
    for (int p = 0; p < next.sampleCounts().length; p++) {
      float[] gradient = new float[parameterCount];
      gradient[p] = 0.25f;
      step.accept(new Gradient(step.step(), p, gradient, 0.5, 0, next.sampleCounts()[p], 0, null));
    }
    return step;
  }

  @Test
  void stepsThroughEveryEpochAndEndsWithTheTestFigures() {
    TrainingRun run = TrainingRun.start(PLAN);
    List<String> events = new ArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void epochStarted(int epoch) {
        events.add("epoch " + epoch);
      }

      @Override
      public void epochDone(EpochMetrics metrics) {
        events.add("done " + metrics.epoch() + " with " + metrics.workers() + " workers");
      }
    };
    TrainingLoop loop = new TrainingLoop(run, listener, RunObserver.NONE);
    TrainingLoop.Next next = loop.start();
    int steps = 0;
    while (next instanceof TrainingLoop.Step step) {
      int sum = 0;
      for (int c : step.sampleCounts()) {
        sum += c;
      }
      assertTrue(sum > 0 && sum <= 24, "a step's samples are one batch: " + sum);
      next = loop.completed(answered(step, run.params().length), 2);
      steps++;
    }
    TrainingLoop.Finished finished = assertInstanceOf(TrainingLoop.Finished.class, next);
    assertEquals(2L * PLAN.epochPlan().stepsPerEpoch(), steps);
    assertEquals(steps, finished.result().steps());
    assertEquals(List.of("epoch 1", "done 1 with 2 workers", "epoch 2", "done 2 with 2 workers"), events);
  }

  @Test
  void anObserverThatFailsEndsTheRunWithItsMessageAndIsNotToldAgain() {
    List<String> told = new ArrayList<>();
    RunObserver fullDisk = new RunObserver() {
      @Override
      public void stepApplied(TrainingRun run, boolean epochEnded, double epochSeconds) {
        throw new IllegalStateException("no space left on device");
      }

      @Override
      public void failed(TrainingRun run, double epochSeconds, String reason) {
        told.add(reason);
      }
    };
    TrainingRun run = TrainingRun.start(PLAN);
    TrainingLoop loop = new TrainingLoop(run, TrainingListener.NONE, fullDisk);
    TrainingLoop.Step first = assertInstanceOf(TrainingLoop.Step.class, loop.start());
    TrainingLoop.Failed failed = assertInstanceOf(TrainingLoop.Failed.class,
        loop.completed(answered(first, run.params().length), 1));
    assertEquals("no space left on device", failed.message());
    assertEquals(List.of(), told);
  }

  @Test
  void aListenerThatCannotRecordTheEpochEndsTheRunAfterTheEpochIsCheckpointed() {
    List<String> checkpointed = new ArrayList<>();
    RunObserver checkpointer = new RunObserver() {
      @Override
      public void stepApplied(TrainingRun run, boolean epochEnded, double epochSeconds) {
        if (epochEnded) {
          checkpointed.add("epoch " + run.epoch());
        }
      }
    };
    TrainingListener fullDisk = new TrainingListener() {
      @Override
      public void epochDone(EpochMetrics metrics) {
        throw new java.io.UncheckedIOException("cannot write metrics.jsonl: No space left on device",
            new java.io.IOException("No space left on device"));
      }
    };
    TrainingRun run = TrainingRun.start(PLAN);
    TrainingLoop loop = new TrainingLoop(run, fullDisk, checkpointer);
    TrainingLoop.Next next = loop.start();
    while (next instanceof TrainingLoop.Step step) {
      next = loop.completed(answered(step, run.params().length), 1);
    }
    TrainingLoop.Failed failed = assertInstanceOf(TrainingLoop.Failed.class, next);
    assertEquals("cannot write metrics.jsonl: No space left on device", failed.message());
    assertEquals(List.of("epoch 1"), checkpointed, "the epoch that could not be recorded is kept");
    assertEquals(PLAN.epochPlan().stepsPerEpoch(), run.globalStep());
  }

  @Test
  void aFailureAfterTheFirstStepIsToldToTheObserver() {
    List<String> told = new ArrayList<>();
    RunObserver observer = new RunObserver() {
      @Override
      public void failed(TrainingRun run, double epochSeconds, String reason) {
        told.add(reason);
      }
    };
    TrainingLoop before = new TrainingLoop(TrainingRun.start(PLAN), TrainingListener.NONE, observer);
    assertEquals("gone", before.fail("gone").message());
    assertEquals(List.of(), told, "nothing was stepped yet: nothing to keep");
    TrainingLoop loop = new TrainingLoop(TrainingRun.start(PLAN), TrainingListener.NONE, observer);
    loop.start();
    loop.fail("all workers are gone");
    assertEquals(List.of("all workers are gone"), told);
  }
}
