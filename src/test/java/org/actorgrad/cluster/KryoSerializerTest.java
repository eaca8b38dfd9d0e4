package org.actorgrad.cluster;

import static org.actorgrad.testing.FloatBits.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.typesafe.config.ConfigFactory;
import java.util.Arrays;
import org.actorgrad.training.Protocol.Compute;
import org.actorgrad.training.Protocol.CoordinatorCommand;
import org.actorgrad.training.Protocol.DropPartition;
import org.actorgrad.training.Protocol.Finish;
import org.actorgrad.training.Protocol.Gradient;
import org.actorgrad.training.Protocol.Register;
import org.actorgrad.training.Protocol.Setup;
import org.actorgrad.training.Protocol.TakePartition;
import org.actorgrad.training.Protocol.WorkerCommand;
import org.actorgrad.training.WireMessage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kryo wire format: every protocol message round-trips exactly; anything else is refused. */
class KryoSerializerTest {
  private static ActorTestKit kit;
  private static Serialization serialization;
  private static KryoSerializer kryo;

  @BeforeAll
  static void start() throws Exception {
    kit = ActorTestKit.create(ConfigFactory.parseResources("config/wire.conf"));
    serialization = SerializationExtension.get(Adapter.toClassic(kit.system()));
    Serializer bound = serialization.serializerFor(Compute.class);
    kryo = assertInstanceOf(KryoSerializer.class, bound, "config/wire.conf binds WireMessage to Kryo");
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static Object roundTrip(WireMessage message) {
    byte[] bytes = serialization.serialize(message).get();
    return serialization.deserialize(bytes, KryoSerializer.IDENTIFIER, "").get();
  }

  @Test
  void everyProtocolMessageRoundTrips() {
    TestProbe<CoordinatorCommand> coordinator = kit.createTestProbe();
    TestProbe<WorkerCommand> worker = kit.createTestProbe();

    Setup setup = new Setup("128:relu:dropout=0.2,10:softmax", 784, 10, "cross-entropy", -42L, 64);
    assertEquals(setup, roundTrip(setup));

    TakePartition take = new TakePartition(3, 2, 2, new byte[] {0, 127, -128, -1, 5, 6, 7, 8},
        new byte[] {9, 0}, new int[] {17, 123_456});
    TakePartition takeBack = (TakePartition) roundTrip(take);
    assertEquals(3, takeBack.partition());
    assertEquals(2, takeBack.rows());
    assertEquals(2, takeBack.cols());
    assertArrayEquals(take.pixels(), takeBack.pixels());
    assertArrayEquals(take.labels(), takeBack.labels());
    assertArrayEquals(take.sampleIds(), takeBack.sampleIds());

    assertEquals(new DropPartition(7), roundTrip(new DropPartition(7)));
    assertSame(Finish.INSTANCE, roundTrip(Finish.INSTANCE));

    float[] params = {0f, -0f, 1.5f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN,
        Float.intBitsToFloat(0x7fc00123), Float.NEGATIVE_INFINITY, -3.25e-20f};
    Compute compute = new Compute(1L << 40, params, new int[] {0, 5},
        new int[][] {{3, 1, 2}, {}}, worker.getRef(), coordinator.getRef());
    Compute computeBack = (Compute) roundTrip(compute);
    assertEquals(compute.step(), computeBack.step());
    assertBitIdentical(params, computeBack.params());
    assertArrayEquals(compute.partitions(), computeBack.partitions());
    assertTrue(Arrays.deepEquals(compute.positions(), computeBack.positions()));
    assertEquals(worker.getRef(), computeBack.worker());
    assertEquals(coordinator.getRef(), computeBack.replyTo());

    Gradient gradient = new Gradient(99, 4, new float[] {1f, -2.5f, Float.NaN}, 12.75, 30, 32, 1_234_567_890_123L,
        worker.getRef());
    Gradient gradientBack = (Gradient) roundTrip(gradient);
    assertEquals(gradient.step(), gradientBack.step());
    assertEquals(gradient.partition(), gradientBack.partition());
    assertBitIdentical(gradient.gradient(), gradientBack.gradient());
    assertEquals(gradient.lossSum(), gradientBack.lossSum());
    assertEquals(gradient.correct(), gradientBack.correct());
    assertEquals(gradient.count(), gradientBack.count());
    assertEquals(gradient.computeNanos(), gradientBack.computeNanos());
    assertEquals(worker.getRef(), gradientBack.worker());

    assertEquals(new Register(worker.getRef()), roundTrip(new Register(worker.getRef())));
    assertEquals(new RunEnded(""), roundTrip(new RunEnded("")));
    assertEquals(new RunEnded("writing 'é' failed"), roundTrip(new RunEnded("writing 'é' failed")));
    assertEquals(new RunEnded("stopped by SIGTERM after step 18", true),
        roundTrip(new RunEnded("stopped by SIGTERM after step 18", true)));
  }

  @Test
  void floatsAreWrittenInBulkAsLittleEndianBytes() {
    float[] params = {1f, -2f};
    byte[] bytes = serialization.serialize(new Gradient(0, 0, params, 0, 0, 0, 0, kit.<WorkerCommand>createTestProbe().ref())).get();
    // ID of Gradient (105 + 2, Kryo's offset for null and class names), step 0, partition 0,
    // the length 2, then 1.0f = 0x3f800000 and -2.0f = 0xc0000000 in little-endian order.
    byte[] expectedStart = {107, 0, 0, 2, 0, 0, (byte) 0x80, 0x3f, 0, 0, 0, (byte) 0xc0};
    assertArrayEquals(expectedStart, Arrays.copyOf(bytes, expectedStart.length));
  }

  @Test
  void theWeightsOfAStepAreEncodedOnceForAllWorkers() {
    TestProbe<CoordinatorCommand> coordinator = kit.createTestProbe();
    TestProbe<WorkerCommand> worker = kit.createTestProbe();
    float[] step1 = new float[1000];
    float[] step2 = new float[1000];
    step2[0] = 1f;
    long before = kryo.weightEncodings();
    byte[] toWorkerA = serialization.serialize(new Compute(1, step1, new int[] {0}, new int[][] {{1}}, worker.getRef(), coordinator.getRef())).get();
    byte[] toWorkerB = serialization.serialize(new Compute(1, step1, new int[] {1}, new int[][] {{2}}, worker.getRef(), coordinator.getRef())).get();
    assertEquals(before + 1, kryo.weightEncodings(), "the second worker's Compute reuses the bytes");
    serialization.serialize(new Compute(2, step2, new int[] {0}, new int[][] {{1}}, worker.getRef(), coordinator.getRef())).get();
    assertEquals(before + 2, kryo.weightEncodings(), "a new step's array is encoded anew");
    assertBitIdentical(step1, ((Compute) serialization.deserialize(toWorkerA, KryoSerializer.IDENTIFIER, "").get()).params());
    assertBitIdentical(step1, ((Compute) serialization.deserialize(toWorkerB, KryoSerializer.IDENTIFIER, "").get()).params());

    step1[0] = 3f; // the coordinator reuses step 1's array for step 3
    byte[] step3 = serialization.serialize(new Compute(3, step1, new int[] {0}, new int[][] {{1}}, worker.getRef(), coordinator.getRef())).get();
    assertEquals(before + 3, kryo.weightEncodings(), "the same array at a later step is encoded anew");
    assertEquals(3f, ((Compute) serialization.deserialize(step3, KryoSerializer.IDENTIFIER, "").get()).params()[0]);
  }

  @Test
  void decodedStepArraysComeFromTheNodesPoolAndGoBackToIt() {
    TestProbe<CoordinatorCommand> coordinator = kit.createTestProbe();
    TestProbe<WorkerCommand> worker = kit.createTestProbe();
    byte[] gradient = serialization.serialize(new Gradient(4, 0, new float[1234], 0, 0, 1, 0, worker.getRef())).get();
    byte[] compute = serialization.serialize(
        new Compute(4, new float[1234], new int[] {0}, new int[][] {{1}}, worker.getRef(), coordinator.getRef())).get();
    float[] decoded = ((Gradient) serialization.deserialize(gradient, KryoSerializer.IDENTIFIER, "").get()).gradient();
    kryo.arrays().giveBack(decoded); // as the coordinator's run does once the step is summed
    float[] weights = ((Compute) serialization.deserialize(compute, KryoSerializer.IDENTIFIER, "").get()).params();
    assertSame(decoded, weights, "the array given back is decoded into again");
  }

  /** Set by {@link Bomb}'s static initializer (kept outside it: reading it must not initialize Bomb). */
  static volatile boolean bombInitialized;

  /** A class that must never be loaded from the wire: its initializer would say so. */
  static final class Bomb implements WireMessage {
    static {
      bombInitialized = true;
    }

    Bomb() {
      throw new AssertionError("a Bomb was instantiated");
    }
  }

  @Test
  void bytesNamingAnUnregisteredClassAreRefusedWithoutLoadingIt() {
    Output crafted = new Output(256);
    crafted.writeVarInt(DefaultClassResolver.NAME + 2, true); // "a class name follows", Kryo's format
    crafted.writeVarInt(0, true); // its name ID
    crafted.writeString(Bomb.class.getName());
    WireFormatException e = assertThrows(WireFormatException.class,
        () -> kryo.fromBinaryJava(crafted.toBytes(), null));
    assertTrue(e.getMessage().contains("only the registered message classes are accepted"), e.getMessage());
    assertFalse(bombInitialized, "the named class was not even initialized");
  }

  @Test
  void anUnregisteredClassIdIsRefused() {
    Output crafted = new Output(16);
    crafted.writeVarInt(99 + 2, true);
    WireFormatException e = assertThrows(WireFormatException.class,
        () -> kryo.fromBinaryJava(crafted.toBytes(), null));
    assertTrue(e.getMessage().contains("unregistered class ID: 99"), e.getMessage());
  }

  @Test
  void aRegisteredClassThatIsNotAMessageIsRefused() {
    Output crafted = new Output(16);
    crafted.writeVarInt(WireRegistry.FLOAT_ARRAY + 2, true);
    crafted.writeVarInt(0, true);
    WireFormatException e = assertThrows(WireFormatException.class,
        () -> kryo.fromBinaryJava(crafted.toBytes(), null));
    assertTrue(e.getMessage().contains("expected a WireMessage, the bytes name [F"), e.getMessage());
  }

  @Test
  void aForgedLengthIsRefusedBeforeAnythingIsAllocated() {
    Output crafted = new Output(32);
    crafted.writeVarInt(WireRegistry.GRADIENT + 2, true);
    crafted.writeVarLong(0, true);
    crafted.writeVarInt(0, true);
    crafted.writeVarInt(Integer.MAX_VALUE / 4, true); // half a billion floats, in a 16-byte message
    WireFormatException e = assertThrows(WireFormatException.class,
        () -> kryo.fromBinaryJava(crafted.toBytes(), null));
    assertTrue(e.getMessage().contains("the length prefix says 536870911 elements"), e.getMessage());
  }

  @Test
  void trailingBytesAreRefused() {
    byte[] bytes = serialization.serialize(new DropPartition(1)).get();
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
    WireFormatException e = assertThrows(WireFormatException.class, () -> kryo.fromBinaryJava(longer, null));
    assertTrue(e.getMessage().contains("3 bytes left after a DropPartition"), e.getMessage());
  }

  /** A message type this build did not register, carrying an arbitrary payload. */
  record Smuggler(Object payload) implements WireMessage {}

  @Test
  void aWireMessageThatIsNotRegisteredFailsToSerialize() {
    WireFormatException e = assertThrows(WireFormatException.class,
        () -> kryo.toBinary(new Smuggler(new java.util.HashMap<String, String>())));
    assertTrue(e.getMessage().contains("cannot serialize " + Smuggler.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("not registered"), e.getMessage());
  }

  @Test
  void aMessageWithoutTheMarkerIsNotBoundToKryo() throws Exception {
    assertFalse(serialization.serializerFor(String.class) instanceof KryoSerializer);
    assertThrows(WireFormatException.class, () -> kryo.toBinary("not a message"));
  }
}
