package org.actorgrad.cluster;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * The coordinator's end of the data links: a listening socket that accepts a connection only with
 * a token it handed out (over Artery, to a worker the cluster admitted), each token once. Anything
 * else is closed after at most {@link #HELLO_TIMEOUT_MS}: a stranger on the port can neither take
 * a worker's place nor hold a thread for long.
 *
 * <p>Bounded: at most {@link #MAX_HELLOS} connections wait for their hello at once, each on a
 * thread of a fixed pool; one more is closed at once (a flood of connections used to start a
 * thread each, without limit). A failing {@code accept} (out of file descriptors, say) is retried
 * after a growing pause instead of at once in a loop that spun a core and printed a line each turn.
 */
final class DataLinkServer implements AutoCloseable {
  private static final int HELLO_TIMEOUT_MS = 10_000;
  /** Hellos read at once: workers connect one by one as the cluster admits them; 16 is plenty. */
  static final int MAX_HELLOS = 16;
  /** How often, at most, refusals and accept failures are reported while they go on. */
  private static final long REPORT_EVERY_NANOS = 10_000_000_000L;
  private static final long MAX_ACCEPT_PAUSE_MS = 1_000;

  private final ServerSocketChannel server;
  private final int port;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Consumer<SocketChannel>> invited = new ConcurrentHashMap<>();
  private final Consumer<String> notes;
  private final StuckWrites stuckWrites;
  private final Semaphore helloSlots = new Semaphore(MAX_HELLOS);
  private final ExecutorService hellos;

  private DataLinkServer(ServerSocketChannel server, Duration writeTimeout, Consumer<String> notes)
      throws IOException {
    this.server = server;
    this.port = ((InetSocketAddress) server.getLocalAddress()).getPort();
    this.notes = notes;
    this.stuckWrites = new StuckWrites(writeTimeout, notes);
    this.hellos = Executors.newFixedThreadPool(MAX_HELLOS, r -> {
      Thread t = new Thread(r, "data-link-hello-" + port);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Listens at {@code host:port} (port 0: a free one) until closed.
   *
   * @param writeTimeout how long a frame write to a link may take before the link is closed
   * @param notes where refused connections and closed links are reported
   */
  static DataLinkServer open(String host, int port, Duration writeTimeout, Consumer<String> notes) {
    if (writeTimeout.isNegative() || writeTimeout.isZero()) {
      throw new IllegalArgumentException("actorgrad.cluster.data-link.write-timeout must be more than 0, got "
          + writeTimeout.toMillis() + " ms");
    }
    try {
      ServerSocketChannel channel = ServerSocketChannel.open();
      channel.setOption(StandardSocketOptions.SO_RCVBUF, LinkFrames.SOCKET_BUFFER); // before bind: sets the window scale
      channel.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      DataLinkServer server = new DataLinkServer(channel, writeTimeout, notes);
      Thread accept = new Thread(server::acceptLoop, "data-link-accept");
      accept.setDaemon(true);
      accept.start();
      return server;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot listen for data links at " + host + ":" + port + ": "
          + e.getMessage() + " (actorgrad.cluster.data-link.port, ACTORGRAD_DATA_PORT)", e);
    }
  }

  int port() {
    return port;
  }

  /** A new token; the connection that presents it is handed to {@code onConnect}, on another thread. */
  byte[] invite(Consumer<SocketChannel> onConnect) {
    byte[] token = new byte[LinkFrames.TOKEN_BYTES];
    random.nextBytes(token);
    invited.put(HexFormat.of().formatHex(token), onConnect);
    return token;
  }

  /** The watch over a connected link's writes (see {@link StuckWrites}). */
  StuckWrites stuckWrites() {
    return stuckWrites;
  }

  /** Withdraws an invitation (the worker did not come in time): its token opens nothing any more. */
  void withdraw(byte[] token) {
    invited.remove(HexFormat.of().formatHex(token));
  }

  private void acceptLoop() {
    long pauseMs = 0;
    long failures = 0;
    long refused = 0;
    long lastReport = System.nanoTime() - REPORT_EVERY_NANOS;
    while (server.isOpen()) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (IOException e) {
        if (!server.isOpen()) {
          return;
        }
        failures++;
        if (System.nanoTime() - lastReport >= REPORT_EVERY_NANOS) {
          notes.accept("data link: accepting a connection failed" + (failures > 1 ? " (" + failures + " times)" : "")
              + ": " + e.getMessage() + "; retrying");
          lastReport = System.nanoTime();
          failures = 0;
        }
        pauseMs = Math.min(MAX_ACCEPT_PAUSE_MS, Math.max(10, pauseMs * 2));
        pause(pauseMs);
        continue;
      }
      pauseMs = 0;
      if (!helloSlots.tryAcquire()) {
        closeQuietly(channel);
        refused++;
        if (System.nanoTime() - lastReport >= REPORT_EVERY_NANOS) {
          notes.accept("data link: refused " + refused + " connection(s): " + MAX_HELLOS
              + " others had not said hello yet (a flood of connections on the data-link port?)");
          lastReport = System.nanoTime();
          refused = 0;
        }
        continue;
      }
      try {
        hellos.execute(() -> {
          try {
            admit(channel);
          } finally {
            helloSlots.release();
          }
        });
      } catch (RejectedExecutionException e) {
        helloSlots.release();
        closeQuietly(channel); // closing down
      }
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void admit(SocketChannel channel) {
    Socket socket = channel.socket();
    try {
      socket.setSoTimeout(HELLO_TIMEOUT_MS); // the socket's stream honours it, the channel would not
      byte[] token = LinkFrames.readHello(socket.getInputStream());
      Consumer<SocketChannel> onConnect = invited.remove(HexFormat.of().formatHex(token));
      if (onConnect == null) {
        throw new IOException("a token that was not handed out, or was used already");
      }
      socket.setSoTimeout(0);
      socket.setTcpNoDelay(true);
      socket.setSendBufferSize(LinkFrames.SOCKET_BUFFER);
      onConnect.accept(channel);
    } catch (IOException e) {
      notes.accept("data link: refused a connection from " + socket.getRemoteSocketAddress() + ": " + e.getMessage());
      closeQuietly(channel);
    }
  }

  static void closeQuietly(Closeable connection) {
    try {
      connection.close();
    } catch (IOException e) {
      // closing is all that was left to do with it
    }
  }

  @Override
  public void close() {
    stuckWrites.close();
    try {
      server.close();
    } catch (IOException e) {
      // nothing listens any more either way
    }
    hellos.shutdownNow(); // a hello still being read ends with its socket's timeout
  }
}
