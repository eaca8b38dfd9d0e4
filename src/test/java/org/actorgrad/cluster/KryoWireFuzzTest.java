package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.typesafe.config.ConfigFactory;
import org.actorgrad.testing.FuzzInputs;
import org.actorgrad.training.WireMessage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;

/**
 * The Kryo deserializer on arbitrary bytes from the network: they either decode into a wire
 * message whose encoding decodes and re-encodes to the same bytes, or are refused with a
 * {@link WireFormatException}; any other exception, an OutOfMemoryError, a hang, an allocation the
 * bytes cannot justify, or a class outside the registry being instantiated is a finding.
 *
 * <p>Seeds are every protocol message as {@link KryoSerializer#toBinary} writes it (Setup,
 * TakePartition, DropPartition, Compute, Finish, Gradient, Register), actor references naming a
 * test probe of another system.
 */
class KryoWireFuzzTest {
  private static final ActorTestKit KIT = ActorTestKit.create(ConfigFactory.parseResources("config/wire.conf"));
  private static final KryoSerializer KRYO = KryoSerializer.of(KIT.system())
      .orElseThrow(() -> new AssertionError("config/wire.conf binds WireMessage to Kryo"));

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @FuzzTest(maxDuration = "60s")
  void wireMessage(byte[] bytes) {
    Object[] decoded = new Object[1];
    FuzzInputs.requireBoundedAllocation(bytes.length, "decoding a wire message", () -> {
      try {
        decoded[0] = KRYO.fromBinaryJava(bytes, null);
      } catch (WireFormatException expected) {
        assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank(), "says what is wrong");
        decoded[0] = null;
      }
    });
    if (decoded[0] == null) {
      return;
    }
    WireMessage message = assertInstanceOf(WireMessage.class, decoded[0]);
    // The bytes may spell a value in more than one way (varints); its own encoding is canonical.
    byte[] encoded = KRYO.toBinary(message);
    assertArrayEquals(encoded, KRYO.toBinary(KRYO.fromBinaryJava(encoded, null)), "decoding is the inverse of encoding");
  }
}
