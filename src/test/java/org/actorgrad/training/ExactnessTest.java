package org.actorgrad.training;

import static org.actorgrad.testing.FloatBits.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.actorgrad.data.LoadedData;
import org.actorgrad.model.BatchStats;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.testing.SyntheticData;
import org.actorgrad.training.Protocol.Compute;
import org.actorgrad.training.Protocol.Gradient;
import org.actorgrad.training.Protocol.WorkerCommand;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The product's promise, asserted bit for bit: partitions, not workers, define the math. Every
 * run here goes through real actors on a real compute pool.
 */
class ExactnessTest {
  private static final LoadedData DATA = SyntheticData.of(700, 200, 11);
  /** A small CNN for the 8x8 synthetic images: 8x8x4, 4x4x4, 2x2x6, then dense. */
  static final String CNN = "conv:4:3x3:relu:padding=same,maxpool:2x2,"
      + "conv:6:3x3:tanh:stride=2:padding=same:dropout=0.2,12:relu,10:softmax";

  /** One with Winograd's layers: 6x6x8, 6x6x9 (same padding), 4x4x10 under a pool, then dense. */
  static final String WINOGRAD_CNN = "conv:8:3x3:relu,conv:9:3x3:tanh:padding=same,conv:10:3x3:relu,"
      + "maxpool:2x2,10:softmax";

  private static TrainingResult trainCnn(String layers, int workers, int partitions,
      Supplier<Behavior<WorkerCommand>> factory, TrainingListener listener) {
    TrainingConfig config = new TrainingConfig(
        new MathOptions(layers, "cross-entropy", "momentum", 0.05f, "constant", 24, partitions, 7, 40, 0),
        2, workers, 2, Duration.ofSeconds(20));
    return LocalTraining.run(TrainingRun.start(TrainingPlan.create(config, DATA)),
        listener, RunObserver.NONE, factory, ConfigFactory.empty());
  }

  private static TrainingResult train(int workers, int partitions) {
    return train(workers, partitions, Worker::create);
  }

  private static TrainingResult train(int workers, int partitions, Supplier<Behavior<WorkerCommand>> factory) {
    return train(workers, partitions, factory, TrainingListener.NONE);
  }

  private static TrainingResult train(int workers, int partitions,
      Supplier<Behavior<WorkerCommand>> factory, TrainingListener listener) {
    TrainingPlan plan = TrainingPlan.create(TestRuns.config(workers, partitions), DATA);
    return LocalTraining.run(TrainingRun.start(plan), listener, RunObserver.NONE, factory, ConfigFactory.empty());
  }

  @Test
  void theSameSeedAndSettingsGiveIdenticalWeights() {
    TrainingResult a = train(2, 4);
    TrainingResult b = train(2, 4);
    assertBitIdentical(a.params(), b.params());
    assertEquals(a.fingerprint(), b.fingerprint());
    assertTrue(a.testAccuracy() > 0.5, "the synthetic task should be learnt, got " + a.testAccuracy());
  }

  @Test
  void workersTakingTheirGradientArraysFromThePoolTheRunGivesBackToChangeNothing() {
    // LocalTraining's pooled workers (the trainer's): arrays come back with the last step's values.
    TrainingPlan plan = TrainingPlan.create(TestRuns.config(3, 3), DATA);
    TrainingResult pooled = LocalTraining.run(TrainingRun.start(plan), TrainingListener.NONE, RunObserver.NONE);
    assertBitIdentical(train(3, 3).params(), pooled.params());
  }

  @Test
  void oneWorkerWithFourPartitionsEqualsFourWorkers() {
    TrainingResult one = train(1, 4);
    assertBitIdentical(one.params(), train(4, 4).params());
    assertBitIdentical(one.params(), train(3, 4).params());
    assertBitIdentical(one.params(), train(8, 4).params());
  }

  @ParameterizedTest
  @ValueSource(strings = {CNN, WINOGRAD_CNN})
  void aSmallCnnHasTheSameWeightsWhateverTheWorkersAndAfterAWorkerDies(String layers) {
    TrainingResult one = trainCnn(layers, 1, 4, Worker::create, TrainingListener.NONE);
    assertBitIdentical(one.params(), trainCnn(layers, 4, 4, Worker::create, TrainingListener.NONE).params());
    AtomicInteger spawned = new AtomicInteger();
    Supplier<Behavior<WorkerCommand>> dying = () ->
        spawned.getAndIncrement() == 1 ? dyingOnCompute(5) : Worker.create();
    AtomicInteger lost = new AtomicInteger();
    TrainingListener countLosses = new TrainingListener() {
      @Override
      public void workerLost(String worker, String reason, int moved) {
        lost.incrementAndGet();
      }
    };
    assertBitIdentical(one.params(), trainCnn(layers, 3, 4, dying, countLosses).params());
    assertEquals(1, lost.get(), "the worker must really have died mid-run");
    assertTrue(one.testAccuracy() > 0.5, "the synthetic task should be learnt, got " + one.testAccuracy());
  }

  @Test
  void actorsEqualAPlainSequentialLoop() {
    TrainingResult actors = train(3, 3);
    assertBitIdentical(sequential(TrainingPlan.create(TestRuns.config(1, 3), DATA)), actors.params());
  }

  @Test
  void aWorkerDyingMidEpochChangesNothing() {
    TrainingResult calm = train(3, 6);
    AtomicInteger spawned = new AtomicInteger();
    // The second worker spawned stops itself on its 5th step, mid-epoch, without answering.
    Supplier<Behavior<WorkerCommand>> factory = () ->
        spawned.getAndIncrement() == 1 ? dyingOnCompute(5) : Worker.create();
    AtomicInteger lost = new AtomicInteger();
    TrainingListener countLosses = new TrainingListener() {
      @Override
      public void workerLost(String worker, String reason, int moved) {
        lost.incrementAndGet();
        assertEquals(2, moved, "the dead worker owned two of the six partitions");
      }
    };
    TrainingResult stormy = train(3, 6, factory, countLosses);
    assertEquals(1, lost.get(), "the worker must really have died mid-run");
    assertBitIdentical(calm.params(), stormy.params());
    assertEquals(calm.history().size(), stormy.history().size());
  }

  @Test
  void aWorkerSendingMalformedGradientsIsDroppedAndChangesNothing() {
    TrainingResult calm = train(3, 6);
    for (Spoil how : Spoil.values()) {
      AtomicInteger spawned = new AtomicInteger();
      // The second worker spawned answers its 4th step with a crafted gradient instead of computing it.
      Supplier<Behavior<WorkerCommand>> factory = () ->
          spawned.getAndIncrement() == 1 ? spoilingOnCompute(4, how) : Worker.create();
      List<String> reasons = new CopyOnWriteArrayList<>();
      TrainingListener listener = new TrainingListener() {
        @Override
        public void workerLost(String worker, String reason, int moved) {
          reasons.add(reason);
        }
      };
      TrainingResult spoilt = train(3, 6, factory, listener);
      assertEquals(1, reasons.size(), how + ": " + reasons);
      assertTrue(reasons.get(0).startsWith("faulty: it "), reasons.get(0));
      assertBitIdentical(calm.params(), spoilt.params());
    }
  }

  /** What a crafted worker gets wrong in its answer. */
  enum Spoil {
    /** One value short: the mean would read past its end. */
    SHORT_ARRAY,
    /** One sample too many: the mean's divisor would change. */
    WRONG_COUNT,
    /** A well-formed gradient for a partition it was not asked for. */
    UNASKED_PARTITION
  }

  /** A real worker that, at its n-th Compute, answers with a crafted gradient instead. */
  static Behavior<WorkerCommand> spoilingOnCompute(int n, Spoil how) {
    return Behaviors.setup(context -> {
      var real = context.spawn(Worker.create(), "real");
      AtomicInteger computes = new AtomicInteger();
      return Behaviors.receiveMessage(m -> {
        if (m instanceof Compute c && computes.incrementAndGet() == n) {
          int p = c.partitions()[0];
          int count = c.positions()[0].length;
          int length = c.params().length;
          c.replyTo().tell(switch (how) {
            case SHORT_ARRAY -> new Gradient(c.step(), p, new float[length - 1], 1, 0, count, 0, c.worker());
            case WRONG_COUNT -> new Gradient(c.step(), p, new float[length], 1, 0, count + 1, 0, c.worker());
            case UNASKED_PARTITION -> new Gradient(c.step(), (p + 1) % 6, new float[length], 1, 0,
                count, 0, c.worker());
          });
          return Behaviors.same();
        }
        real.tell(m);
        return Behaviors.same();
      });
    });
  }

  /** A real worker that stops, unanswered, when its n-th Compute arrives. */
  static Behavior<WorkerCommand> dyingOnCompute(int n) {
    return Behaviors.setup(context -> {
      var real = context.spawn(Worker.create(), "real");
      AtomicInteger computes = new AtomicInteger();
      return Behaviors.receiveMessage(m -> {
        if (m instanceof Compute && computes.incrementAndGet() == n) {
          return Behaviors.stopped();
        }
        real.tell(m);
        return Behaviors.same();
      });
    });
  }

  /** The same math without actors: each partition's gradient in turn, then TrainingRun.apply. */
  static float[] sequential(TrainingPlan plan) {
    TrainingRun run = TrainingRun.start(plan);
    int features = plan.setup().inputs();
    GradientEngine engine = new GradientEngine(plan.network(), plan.setup().maxBatch());
    float[] x = new float[plan.setup().maxBatch() * features];
    int[] y = new int[plan.setup().maxBatch()];
    int[] ids = new int[plan.setup().maxBatch()];
    List<org.actorgrad.data.Dataset> parts = new ArrayList<>();
    for (int p = 0; p < plan.partitions(); p++) {
      var s = plan.shipment(p);
      parts.add(org.actorgrad.data.Dataset.of("p", s.rows(), s.cols(), s.pixels(), s.labels()));
    }
    while (!run.finished()) {
      StepState step = run.newStep();
      for (int p = 0; p < plan.partitions(); p++) {
        int[] positions = run.positions(p);
        float[] grad = new float[run.params().length];
        BatchStats stats = new BatchStats(0, 0, 0);
        if (positions.length > 0) {
          parts.get(p).fill(x, y, positions, 0, positions.length);
          for (int k = 0; k < positions.length; k++) {
            ids[k] = plan.shipment(p).sampleIds()[positions[k]];
          }
          stats = engine.gradient(grad, run.params(), x, y, ids, positions.length, plan.config().seed(), step.step());
        }
        step.accept(new Gradient(step.step(), p, grad, stats.lossSum(), stats.correct(), stats.count(), 0, null));
      }
      run.apply(step);
      if (run.atEpochEnd()) {
        run.closeEpoch(new BatchStats(0, 0, 0), 1, 1);
      }
    }
    return run.params();
  }
}
