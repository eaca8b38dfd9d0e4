package org.actorgrad.training;

import static org.actorgrad.testing.FloatBits.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.actorgrad.data.LoadedData;
import org.actorgrad.testing.SyntheticData;
import org.actorgrad.training.Protocol.WorkerCommand;
import org.apache.pekko.actor.typed.Behavior;
import org.junit.jupiter.api.Test;

/**
 * The whole protocol through the wire format: with {@code serialize-messages = on}, Pekko
 * serializes and deserializes every message between local actors (Kryo, config/wire.conf; Java
 * serialization is off, so a message the wire cannot carry fails the run). The weights must be
 * bit-identical to a run whose messages are passed by reference.
 */
class SerializedProtocolTest {
  private static final LoadedData DATA = SyntheticData.of(700, 200, 23);

  private static final Config SERIALIZE_MESSAGES = ConfigFactory.parseString(
          "pekko.actor.serialize-messages = on\npekko.actor.serialize-creators = off")
      .withFallback(ConfigFactory.parseResources("config/wire.conf"));

  private static TrainingResult train(int workers, int partitions, Supplier<Behavior<WorkerCommand>> factory,
      Config overrides) {
    TrainingPlan plan = TrainingPlan.create(TestRuns.config(workers, partitions), DATA);
    return LocalTraining.run(TrainingRun.start(plan), TrainingListener.NONE, RunObserver.NONE, factory, overrides);
  }

  @Test
  void everyMessageThroughKryoGivesTheSameWeights() {
    TrainingResult byReference = train(3, 3, Worker::create, ConfigFactory.empty());
    TrainingResult serialized = train(3, 3, Worker::create, SERIALIZE_MESSAGES);
    assertBitIdentical(byReference.params(), serialized.params());
    assertEquals(byReference.fingerprint(), serialized.fingerprint());
  }

  @Test
  void aWorkerDyingMidEpochWithSerializedMessagesChangesNothing() {
    TrainingResult calm = train(2, 4, Worker::create, ConfigFactory.empty());
    AtomicInteger spawned = new AtomicInteger();
    Supplier<Behavior<WorkerCommand>> factory = () ->
        spawned.getAndIncrement() == 0 ? ExactnessTest.dyingOnCompute(3) : Worker.create();
    TrainingResult stormy = train(2, 4, factory, SERIALIZE_MESSAGES);
    assertBitIdentical(calm.params(), stormy.params());
  }
}
