package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.actorgrad.testing.FloatBits;
import org.actorgrad.training.Protocol.DropPartition;
import org.actorgrad.training.Protocol.Finish;
import org.actorgrad.training.Protocol.Gradient;
import org.actorgrad.training.Protocol.WorkerCommand;
import org.actorgrad.training.Protocol.TakePartition;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared memory between the two ends of a data link: the ring keeps frames in order and never
 * hands the writer bytes not yet read, frames too large for it go through the socket in their
 * turn, and a worker maps only the files it was offered, carrying the nonce it was sent.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class SharedMemoryTest {
  private static final byte[] NONCE = nonce(1);
  private static ActorTestKit kit;
  private static KryoSerializer kryo;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create(ConfigFactory.parseResources("config/wire.conf"));
    kryo = KryoSerializer.of(kit.system()).orElseThrow();
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void theRingHandsOutOnlyBytesTheReaderIsDoneWith() throws IOException {
    SharedRing writer = SharedRing.create(dir, "ring", 100, NONCE);
    SharedRing reader = SharedRing.open(writer.file(), NONCE);

    assertEquals(100, writer.space().capacity(), "empty: the whole ring");
    long first = writer.commit(put(writer.space(), 60, (byte) 1));
    assertEquals(40, writer.space().capacity(), "after an unread frame, only the rest of the ring");
    long second = writer.commit(put(writer.space(), 40, (byte) 2));
    assertEquals(0, writer.space().capacity(), "full until the reader is done");

    assertEquals(1, reader.frame(first, 60).get(59));
    reader.release(first);
    assertEquals(60, writer.space().capacity(), "the bytes read are handed out again, up to the unread frame");
    assertEquals(2, reader.frame(second, 40).get(0));
    reader.release(second);
    ByteBuffer again = writer.space();
    assertEquals(100, again.capacity(), "all read: the next frame starts at the ring's start again");
    long third = writer.commit(put(again, 10, (byte) 3));
    assertEquals(110, third, "positions only grow: one lap of 100, then the 10 bytes");
    assertEquals(3, reader.frame(third, 10).get(0), "found at the start of the ring");
  }

  @Test
  void aFrameStaysWhereItWasWrittenWhenTheReaderMovesOnMeanwhile() throws IOException {
    SharedRing writer = SharedRing.create(dir, "ring", 100, NONCE);
    SharedRing reader = SharedRing.open(writer.file(), NONCE);
    long first = writer.commit(put(writer.space(), 10, (byte) 1));
    ByteBuffer space = writer.space(); // after the unread first frame
    reader.release(first); // the ring is empty now, but the frame is being written after the first
    long second = writer.commit(put(space, 5, (byte) 2));
    assertEquals(15, second);
    assertEquals(2, reader.frame(second, 5).get(0));
  }

  @Test
  void aLargeFrameAfterASkipToTheRingsStartLeavesNoRoomButNeverLessThanNone() throws IOException {
    SharedRing writer = SharedRing.create(dir, "ring", 100, NONCE);
    SharedRing reader = SharedRing.open(writer.file(), NONCE);
    reader.release(writer.commit(put(writer.space(), 60, (byte) 1)));
    long large = writer.commit(put(writer.space(), 70, (byte) 2)); // at the ring's start: 40 bytes skipped
    assertEquals(170, large);
    assertEquals(0, writer.space().capacity(), "the skipped bytes count until the frame is read");
    reader.release(large);
    assertEquals(100, writer.space().capacity());
  }

  @Test
  void aFrameOutsideTheRingIsRefused() throws IOException {
    SharedRing writer = SharedRing.create(dir, "ring", 100, NONCE);
    SharedRing reader = SharedRing.open(writer.file(), NONCE);
    writer.space();
    reader.release(writer.commit(50));

    assertThrows(IOException.class, () -> reader.frame(140, 80), "across the ring's end");
    assertThrows(IOException.class, () -> reader.frame(60, 20), "before the last frame read");
    assertThrows(IOException.class, () -> reader.frame(500, 10), "laps ahead");
    assertThrows(IOException.class, () -> reader.frame(300, 101), "longer than the ring");
    assertEquals(10, reader.frame(60, 10).remaining());
  }

  @Test
  void aRingOpensOnlyWithItsNonceAndOnlyForItsUser() throws IOException {
    SharedRing ring = SharedRing.create(dir, "ring", 64, NONCE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ring.file())));
    IOException wrong = assertThrows(IOException.class, () -> SharedRing.open(ring.file(), nonce(2)));
    assertTrue(wrong.getMessage().endsWith("is not the shared ring offered (magic, size or nonce differ)"),
        wrong.getMessage());
    Path plain = Files.write(dir.resolve("plain"), new byte[128]);
    assertThrows(IOException.class, () -> SharedRing.open(plain, NONCE), "not a ring file");
    ring.unlink();
    assertFalse(Files.exists(ring.file()));
  }

  @Test
  void aWorkerMapsOnlyRingFilesOfItsOwnDirectory() throws IOException {
    SharedMemory.Settings settings = new SharedMemory.Settings(true, dir, 4096);
    SharedMemory.Created created = settings.create();
    SharedMemory.Rings mapped = settings.accept(created.offer());
    SharedRing out = created.rings().toWorker();
    long end = out.commit(put(out.space(), 8, (byte) 9));
    assertEquals(9, mapped.toWorker().frame(end, 8).get(7), "both ends see the same bytes");

    created.rings().unlink();
    try (var left = Files.list(dir)) {
      assertEquals(0, left.count(), "nothing left behind once both ends mapped the rings");
    }
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    SharedMemory.Created other = new SharedMemory.Settings(true, elsewhere, 4096).create();
    IOException refused = assertThrows(IOException.class, () -> settings.accept(other.offer()));
    assertTrue(refused.getMessage().endsWith("is not a ring file in " + dir), refused.getMessage());
    Path stranger = Files.write(dir.resolve("passwords"), new byte[128]);
    assertThrows(IOException.class, () -> settings.accept(new SharedMemory.Offer(
        stranger.toString(), stranger.toString(), NONCE)));
  }

  @Test
  void framesGoThroughTheRingWhenTheyFitAndThroughTheSocketInTheirTurnWhenNot() throws IOException {
    SharedRing writerRing = SharedRing.create(dir, "ring", 4096, NONCE);
    ByteArrayOutputStream socket = new ByteArrayOutputStream();
    LinkFrames.Writer writer = new LinkFrames.Writer(Channels.newChannel(socket), kryo);
    writer.useRing(writerRing);
    Gradient small = new Gradient(7, 2, new float[] {1.5f, -0f, Float.NaN, 3e-39f}, 0.25, 3, 4, 99,
        kit.<WorkerCommand>createTestProbe().ref());
    TakePartition large = new TakePartition(3, 2, 2400, new byte[4800], new byte[] {1, 2}, new int[] {5, 6});
    writer.write(small);
    writer.write(large); // 4.8 KB of pixels: more than the ring holds
    writer.write(new DropPartition(3));
    writer.write(Finish.INSTANCE);
    int inline = kryo.toBinary(large).length + Integer.BYTES;
    assertEquals(inline + 3 * (Integer.BYTES + Long.BYTES), socket.size(),
        "on the socket: the large frame whole, the others' headers only");

    LinkFrames.Reader reader = new LinkFrames.Reader(
        Channels.newChannel(new ByteArrayInputStream(socket.toByteArray())), kryo, 1 << 20);
    reader.useRing(SharedRing.open(writerRing.file(), NONCE));
    Gradient read = (Gradient) reader.next();
    assertArrayEquals(FloatBits.raw(small.gradient()), FloatBits.raw(read.gradient()), "bit for bit, NaN included");
    assertEquals(7, read.step());
    assertEquals(4800, ((TakePartition) reader.next()).pixels().length);
    assertEquals(new DropPartition(3), reader.next());
    assertEquals(Finish.INSTANCE, reader.next());
    assertNull(reader.next());
  }

  @Test
  void theOfferAndTheAnswerRoundTripThroughKryo() {
    byte[] bytes = kryo.toBinary(new SharedMemory.Offer("/dev/shm/a", "/dev/shm/b", NONCE));
    SharedMemory.Offer read = (SharedMemory.Offer) kryo.fromBinary(bytes, bytes.length);
    assertEquals("/dev/shm/a", read.toWorker());
    assertEquals("/dev/shm/b", read.toCoordinator());
    assertArrayEquals(NONCE, read.nonce());
    byte[] answer = kryo.toBinary(new SharedMemory.Answer(true));
    assertTrue(((SharedMemory.Answer) kryo.fromBinary(answer, answer.length)).mapped());
  }

  /** Fills the first {@code length} bytes of {@code space} with {@code value}; returns the length. */
  private static int put(ByteBuffer space, int length, byte value) {
    for (int i = 0; i < length; i++) {
      space.put(i, value);
    }
    return length;
  }

  private static byte[] nonce(int seed) {
    byte[] nonce = new byte[SharedRing.NONCE_BYTES];
    nonce[0] = (byte) seed;
    return nonce;
  }
}
