package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.actorgrad.testing.FloatBits;
import org.actorgrad.training.Protocol.DropPartition;
import org.actorgrad.training.Protocol.Gradient;
import org.actorgrad.training.Protocol.WorkerCommand;
import org.actorgrad.training.Protocol.OpenLink;
import org.actorgrad.training.Protocol.CoordinatorCommand;
import org.actorgrad.training.Protocol.Register;
import java.nio.file.Path;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The data link's bytes and its door: frames carry exactly the Kryo messages, broken frames end
 * the link with a clear reason, and the coordinator's listening socket admits only a connection
 * that presents a token it handed out, once. Real sockets on 127.0.0.1.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class DataLinkTest {
  private static ActorTestKit kit;
  private static KryoSerializer kryo;

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
  void framesCarryTheMessagesAndEndCleanlyBetweenFrames() throws IOException {
    Gradient gradient = new Gradient(7, 2, new float[] {1.5f, -0f, Float.NaN, 3e-39f}, 0.25, 3, 4, 99,
        kit.<WorkerCommand>createTestProbe().ref());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    kryo.writeFrame(gradient, Channels.newChannel(bytes));
    kryo.writeFrame(new DropPartition(5), Channels.newChannel(bytes));
    byte[] frames = bytes.toByteArray();
    assertEquals(kryo.toBinary(gradient).length, frames[0] & 0xff | (frames[1] & 0xff) << 8, "the length prefix");

    LinkFrames.Reader reader = reader(frames, 1 << 20);
    Gradient read = (Gradient) reader.next();
    assertEquals(7, read.step());
    assertArrayEquals(FloatBits.raw(gradient.gradient()), FloatBits.raw(read.gradient()));
    assertEquals(new DropPartition(5), reader.next());
    assertNull(reader.next(), "the other side closed between two frames");
  }

  @Test
  void aFrameCutShortOrTooLongOrNotAMessageEndsTheLink() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    kryo.writeFrame(new DropPartition(5), Channels.newChannel(bytes));
    byte[] frame = bytes.toByteArray();

    IOException cut = assertThrows(IOException.class,
        () -> reader(Arrays.copyOf(frame, frame.length - 1), 1 << 20).next());
    assertTrue(cut.getMessage().contains("closed in the middle of a frame"), cut.getMessage());
    IOException tooLong = assertThrows(IOException.class, () -> reader(frame, 1).next());
    assertTrue(tooLong.getMessage().contains("(the limit is 1)"), tooLong.getMessage());
    byte[] garbage = frame.clone();
    garbage[4] = 99; // not a registered message ID
    IOException notAMessage = assertThrows(IOException.class, () -> reader(garbage, 1 << 20).next());
    assertTrue(notAMessage.getMessage().startsWith("refused"), notAMessage.getMessage());
  }

  @Test
  void aGradientFromTheLinkSpeaksForItsStandInWhateverWorkerItNames() throws Exception {
    try (DataLinkServer server = DataLinkServer.open("127.0.0.1", 0, Duration.ofSeconds(30), n -> {})) {
      TestProbe<WorkerCommand> remote = kit.createTestProbe();
      TestProbe<CoordinatorCommand> coordinator = kit.createTestProbe();
      WorkerLink.Settings settings = new WorkerLink.Settings(server, "127.0.0.1", Duration.ofSeconds(30), kryo,
          1 << 20, new SharedMemory.Settings(false, Path.of("unused"), 0), n -> {});
      kit.spawn(WorkerLink.create(remote.ref(), coordinator.ref(), settings));
      OpenLink open = remote.expectMessageClass(OpenLink.class);
      try (Socket socket = connect(server, open.token())) {
        Register register = coordinator.expectMessageClass(Register.class);
        ActorRef<WorkerCommand> other = kit.<WorkerCommand>createTestProbe().ref();
        kryo.writeFrame(new Gradient(0, 1, new float[] {2f}, 0.5, 1, 1, 7, other),
            Channels.newChannel(socket.getOutputStream()));
        Gradient told = coordinator.expectMessageClass(Gradient.class);
        assertEquals(register.worker(), told.worker(), "the link's stand-in, not the worker the frame named");
        assertEquals(1, told.partition());
        assertArrayEquals(new float[] {2f}, told.gradient());
      }
    }
  }

  @Test
  void theServerAdmitsOnlyAnInvitedTokenAndOnlyOnce() throws Exception {
    List<String> notes = new CopyOnWriteArrayList<>();
    try (DataLinkServer server = DataLinkServer.open("127.0.0.1", 0, Duration.ofSeconds(30), notes::add)) {
      CompletableFuture<SocketChannel> admitted = new CompletableFuture<>();
      byte[] token = server.invite(admitted::complete);

      try (Socket stranger = connect(server, new byte[LinkFrames.TOKEN_BYTES])) {
        assertEquals(-1, readWithin(stranger.getInputStream()), "a wrong token: closed");
      }
      try (Socket worker = connect(server, token)) {
        SocketChannel accepted = admitted.get(10, TimeUnit.SECONDS);
        accepted.write(ByteBuffer.wrap(new byte[] {42}));
        assertEquals(42, readWithin(worker.getInputStream()), "the invited worker is connected");
        accepted.close();
      }
      try (Socket replay = connect(server, token)) {
        assertEquals(-1, readWithin(replay.getInputStream()), "a token opens the door once");
      }
      byte[] withdrawn = server.invite(s -> { throw new AssertionError("withdrawn"); });
      server.withdraw(withdrawn);
      try (Socket late = connect(server, withdrawn)) {
        assertEquals(-1, readWithin(late.getInputStream()), "a withdrawn token opens nothing");
      }
      try (Socket http = new Socket("127.0.0.1", server.port())) {
        http.getOutputStream().write("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes());
        assertEquals(-1, readWithin(http.getInputStream()), "not a data link: closed");
      }
    }
    assertEquals(4, notes.stream().filter(n -> n.startsWith("data link: refused a connection from /127.0.0.1:")).count(),
        "each refusal is reported: " + notes);
    assertTrue(notes.stream().anyMatch(n -> n.endsWith("not an actorgrad data link (bad magic)")), "notes: " + notes);
  }

  @Test
  void aFloodOfConnectionsIsBoundedAndALinkInUseKeepsWorking() throws Exception {
    List<String> notes = new CopyOnWriteArrayList<>();
    try (DataLinkServer server = DataLinkServer.open("127.0.0.1", 0, Duration.ofSeconds(30), notes::add)) {
      CompletableFuture<SocketChannel> admitted = new CompletableFuture<>();
      try (Socket worker = connect(server, server.invite(admitted::complete));
          SocketChannel link = admitted.get(10, TimeUnit.SECONDS)) {
        int flood = 300;
        List<SocketChannel> strangers = new ArrayList<>();
        try (Selector closedByServer = Selector.open()) {
          for (int i = 0; i < flood; i++) { // connections that never say hello
            SocketChannel stranger = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
            stranger.configureBlocking(false);
            stranger.register(closedByServer, SelectionKey.OP_READ);
            strangers.add(stranger);
          }
          // Every connection beyond the bound is closed at once; meanwhile the hello threads stay bounded
          // (they were one per connection) and the link in use carries a step each way.
          int closed = 0;
          int peakHelloThreads = 0;
          int step = 0;
          while (closed < flood - DataLinkServer.MAX_HELLOS) {
            closedByServer.select(100);
            for (var key : closedByServer.selectedKeys()) {
              if (((SocketChannel) key.channel()).read(ByteBuffer.allocate(1)) == -1) {
                key.cancel();
                closed++;
              }
            }
            closedByServer.selectedKeys().clear();
            peakHelloThreads = Math.max(peakHelloThreads, helloThreads(server));
            step = (step + 1) & 0x7f;
            link.write(ByteBuffer.wrap(new byte[] {(byte) step}));
            assertEquals(step, readWithin(worker.getInputStream()), "weights to the worker during the flood");
            worker.getOutputStream().write(-step);
            ByteBuffer gradient = ByteBuffer.allocate(1);
            link.read(gradient);
            assertEquals((byte) -step, gradient.get(0), "a gradient from the worker during the flood");
          }
          assertTrue(peakHelloThreads <= DataLinkServer.MAX_HELLOS, "hello threads: " + peakHelloThreads);
        } finally {
          for (SocketChannel stranger : strangers) {
            stranger.close();
          }
        }
        // The flood is over: the next worker is admitted.
        CompletableFuture<SocketChannel> next = new CompletableFuture<>();
        try (Socket late = connect(server, server.invite(next::complete))) {
          next.get(20, TimeUnit.SECONDS).close();
        }
      }
    }
    List<String> floods = notes.stream().filter(n -> n.startsWith("data link: refused ")
        && n.endsWith("others had not said hello yet (a flood of connections on the data-link port?)")).toList();
    assertTrue(floods.size() >= 1 && floods.size() <= 3, "a flood is reported in a line or two, not one a connection: " + notes);
  }

  /** Threads reading a hello (this test class's other servers are closed, and their threads gone). */
  private static int helloThreads(DataLinkServer server) {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("data-link-hello")).count();
  }

  @Test
  void aWriteToAPeerThatStoppedReadingClosesTheLinkAfterTheLimit() throws Exception {
    List<String> notes = new CopyOnWriteArrayList<>();
    try (ServerSocketChannel listening = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        SocketChannel peer = SocketChannel.open(listening.getLocalAddress()); // never reads
        SocketChannel link = listening.accept();
        StuckWrites stuck = new StuckWrites(Duration.ofMillis(500), notes::add)) {
      StuckWrites.Watch writes = stuck.watch(link, "w-1");
      ByteBuffer frame = ByteBuffer.allocateDirect(1 << 20);
      long start = System.nanoTime();
      IOException cut = assertThrows(IOException.class, () -> {
        while (true) { // fills the socket buffers, then blocks until the watch closes the link
          writes.begin();
          link.write(frame.clear());
          writes.end();
        }
      });
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "cut after the limit, not by TCP");
      assertTrue(!link.isOpen(), "closed: " + cut);
      assertEquals(List.of("data link to worker w-1: a write did not finish within 500 ms (the worker stopped "
          + "reading); closed it"), notes);
    }
  }

  @Test
  void aLinkThatWritesInTimeIsLeftAlone() throws Exception {
    List<String> notes = new CopyOnWriteArrayList<>();
    try (ServerSocketChannel listening = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        SocketChannel peer = SocketChannel.open(listening.getLocalAddress());
        SocketChannel link = listening.accept();
        StuckWrites stuck = new StuckWrites(Duration.ofMillis(200), notes::add)) {
      StuckWrites.Watch writes = stuck.watch(link, "w-1");
      writes.begin();
      link.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
      writes.end();
      Thread.sleep(600); // several looks past the limit, with no write under way
      assertTrue(link.isOpen());
      assertEquals(List.of(), notes);
    }
  }

  @Test
  void theInvitationRoundTripsThroughKryo() {
    byte[] token = new byte[LinkFrames.TOKEN_BYTES];
    token[3] = 7;
    byte[] bytes = kryo.toBinary(new OpenLink("10.1.2.3", 40123, token));
    OpenLink read = (OpenLink) kryo.fromBinary(bytes, bytes.length);
    assertEquals("10.1.2.3", read.host());
    assertEquals(40123, read.port());
    assertArrayEquals(token, read.token());
  }

  private static LinkFrames.Reader reader(byte[] bytes, long maxFrame) {
    return new LinkFrames.Reader(Channels.newChannel(new ByteArrayInputStream(bytes)), kryo, maxFrame);
  }

  private static Socket connect(DataLinkServer server, byte[] token) throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port());
    LinkFrames.writeHello(socket.getOutputStream(), token);
    return socket;
  }

  /** One byte, or -1 when the server closed the connection (the test's timeout bounds the wait). */
  private static int readWithin(InputStream in) throws IOException {
    try {
      return in.read();
    } catch (SocketException e) {
      return -1; // closed with our bytes unread: a reset
    }
  }
}
