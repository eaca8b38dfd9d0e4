package org.actorgrad.training;

import static org.actorgrad.testing.FloatBits.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.actorgrad.data.LoadedData;
import org.actorgrad.testing.SyntheticData;
import org.actorgrad.training.Protocol.WorkerCommand;
import org.apache.pekko.actor.typed.Behavior;
import org.junit.jupiter.api.Test;

/**
 * Where a local run's step runs (config/local.conf: the coordinator's dispatcher, the compute
 * pool's spin, the pool's size) is scheduling, never math: every setting gives the weights of the
 * plain sequential loop, a worker dying mid-run included; the settings do what they say; bad
 * values are refused with one line.
 */
class StepDispatchTest {
  private static final LoadedData DATA = SyntheticData.of(700, 200, 11);
  private static final Config SHARED = settings("actorgrad.compute-dispatcher", "50us");
  private static final Config SHARED_NO_SPIN = settings("actorgrad.compute-dispatcher", "0us");
  private static final Config OWN = settings("pekko.actor.default-dispatcher", "0us");
  private static final Config OWN_SPIN = settings("pekko.actor.default-dispatcher", "200us");

  private static Config settings(String coordinatorDispatcher, String spin) {
    return ConfigFactory.parseString("actorgrad.local.coordinator-dispatcher = \"" + coordinatorDispatcher + "\"\n"
        + "actorgrad.compute-dispatcher.spinning-pool.spin = " + spin);
  }

  private static TrainingResult train(int workers, int partitions, Config settings) {
    return train(workers, partitions, Worker::create, TrainingListener.NONE, settings);
  }

  private static TrainingResult train(int workers, int partitions, Supplier<Behavior<WorkerCommand>> factory,
      TrainingListener listener, Config settings) {
    TrainingPlan plan = TrainingPlan.create(TestRuns.config(workers, partitions), DATA);
    return LocalTraining.run(TrainingRun.start(plan), listener, RunObserver.NONE, factory, settings);
  }

  /** Records the names of the threads the coordinator steps on (the listener runs on its thread). */
  private static final class StepThreads implements TrainingListener {
    final Set<String> names = ConcurrentHashMap.newKeySet();

    @Override
    public void stepDone(int epoch, int step, int stepsPerEpoch) {
      names.add(Thread.currentThread().getName());
    }
  }

  @Test
  void everySettingGivesTheWeightsOfThePlainSequentialLoop() {
    float[] sequential = ExactnessTest.sequential(TrainingPlan.create(TestRuns.config(1, 4), DATA));
    for (Config settings : new Config[] {SHARED, SHARED_NO_SPIN, OWN, OWN_SPIN}) {
      for (int workers : new int[] {1, 2, 3}) {
        assertBitIdentical(sequential, train(workers, 4, settings).params());
      }
    }
  }

  @Test
  void aWorkerDyingMidRunChangesNothingWithTheCoordinatorBesideTheWorkers() {
    TrainingResult calm = train(3, 6, SHARED);
    AtomicInteger spawned = new AtomicInteger();
    Supplier<Behavior<WorkerCommand>> factory = () ->
        spawned.getAndIncrement() == 1 ? ExactnessTest.dyingOnCompute(5) : Worker.create();
    AtomicInteger lost = new AtomicInteger();
    TrainingListener countLosses = new TrainingListener() {
      @Override
      public void workerLost(String worker, String reason, int moved) {
        lost.incrementAndGet();
      }
    };
    TrainingResult stormy = train(3, 6, factory, countLosses, SHARED);
    assertEquals(1, lost.get(), "the worker must really have died mid-run");
    assertBitIdentical(calm.params(), stormy.params());
    assertBitIdentical(train(1, 6, ConfigFactory.empty()).params(), stormy.params());
  }

  @Test
  void theCoordinatorStepsOnTheComputePoolOnlyWhenToldTo() {
    StepThreads shared = new StepThreads();
    train(2, 2, Worker::create, shared, SHARED);
    assertTrue(shared.names.stream().allMatch(n -> n.contains("actorgrad.compute-dispatcher")), shared.names::toString);
    StepThreads own = new StepThreads();
    train(2, 2, Worker::create, own, OWN); // explicit: the environment may set another default
    assertTrue(own.names.stream().allMatch(n -> n.contains("pekko.actor.default-dispatcher")), own.names::toString);
  }

  @Test
  void oneWorkerComputesOnOneThreadThoughTheRunHasTwo() {
    // TestRuns' configurations ask for 2 threads; beside the coordinator, a second thread would
    // only take turns with the first, each woken by the other's tasks.
    StepThreads threads = new StepThreads();
    train(1, 2, Worker::create, threads, SHARED);
    assertEquals(1, threads.names.size(), threads.names::toString);
  }

  @Test
  void aSpinningPoolHasOneThreadPerWorkerAtMost() {
    // A second spinning thread at one worker would be woken by every Compute and spin for nothing.
    assertEquals(1, LocalTraining.pekkoConfig(2, 1, OWN_SPIN)
        .getInt(LocalTraining.COMPUTE_DISPATCHER + ".thread-pool-executor.fixed-pool-size"));
    assertEquals(2, LocalTraining.pekkoConfig(2, 8, OWN_SPIN)
        .getInt(LocalTraining.COMPUTE_DISPATCHER + ".thread-pool-executor.fixed-pool-size"));
    assertEquals(SpinningPool.class.getName(), LocalTraining.pekkoConfig(2, 1, OWN_SPIN)
        .getString(LocalTraining.COMPUTE_DISPATCHER + ".executor"));
    // The default is Pekko's pool of --threads threads, as before the settings existed.
    assertEquals(2, LocalTraining.pekkoConfig(2, 1, OWN)
        .getInt(LocalTraining.COMPUTE_DISPATCHER + ".thread-pool-executor.fixed-pool-size"));
    assertEquals("thread-pool-executor", LocalTraining.pekkoConfig(2, 1, OWN)
        .getString(LocalTraining.COMPUTE_DISPATCHER + ".executor"));
  }

  @Test
  void badSettingsAreRefusedInOneLine() {
    var dispatcher = assertThrows(IllegalArgumentException.class,
        () -> LocalTraining.pekkoConfig(2, settings("my-dispatcher", "0us")));
    assertEquals("actorgrad.local.coordinator-dispatcher (ACTORGRAD_COORDINATOR_DISPATCHER) must be"
        + " pekko.actor.default-dispatcher or actorgrad.compute-dispatcher, found 'my-dispatcher'",
        dispatcher.getMessage());
    var tooLong = assertThrows(IllegalArgumentException.class,
        () -> LocalTraining.pekkoConfig(2, settings("actorgrad.compute-dispatcher", "2ms")));
    assertEquals("the compute pool's spin (ACTORGRAD_SPIN) must be from 0us to 1ms, found 2ms", tooLong.getMessage());
    var notADuration = assertThrows(IllegalArgumentException.class,
        () -> LocalTraining.pekkoConfig(2, settings("actorgrad.compute-dispatcher", "fast")));
    assertEquals("the compute pool's spin (ACTORGRAD_SPIN) must be a duration such as 50us, found 'fast'",
        notADuration.getMessage());
  }
}
