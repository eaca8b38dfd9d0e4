package org.actorgrad.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The coordinator's end of the data links: a listening socket that accepts a connection only with
 * a token it handed out (over Artery, to a worker the cluster admitted), each token once. Anything
 * else is closed after at most {@link #HELLO_TIMEOUT_MS}: a stranger on the port can neither take
 * a worker's place nor hold a thread.
 */
final class DataLinkServer implements AutoCloseable {
  private static final int HELLO_TIMEOUT_MS = 10_000;

  private final ServerSocket server;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Consumer<Socket>> invited = new ConcurrentHashMap<>();
  private final Consumer<String> notes;

  private DataLinkServer(ServerSocket server, Consumer<String> notes) {
    this.server = server;
    this.notes = notes;
  }

  /**
   * Listens at {@code host:port} (port 0: a free one) until closed.
   *
   * @param notes where refused connections are reported
   */
  static DataLinkServer open(String host, int port, Consumer<String> notes) {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReceiveBufferSize(LinkFrames.SOCKET_BUFFER); // before bind: sets the window scale
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      DataLinkServer server = new DataLinkServer(socket, notes);
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
    return server.getLocalPort();
  }

  /** A new token; the connection that presents it is handed to {@code onConnect}, on another thread. */
  byte[] invite(Consumer<Socket> onConnect) {
    byte[] token = new byte[LinkFrames.TOKEN_BYTES];
    random.nextBytes(token);
    invited.put(HexFormat.of().formatHex(token), onConnect);
    return token;
  }

  /** Withdraws an invitation (the worker did not come in time): its token opens nothing any more. */
  void withdraw(byte[] token) {
    invited.remove(HexFormat.of().formatHex(token));
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread hello = new Thread(() -> admit(socket), "data-link-hello");
        hello.setDaemon(true);
        hello.start();
      } catch (IOException e) {
        if (!server.isClosed()) {
          notes.accept("data link: accepting a connection failed: " + e.getMessage());
        }
      }
    }
  }

  private void admit(Socket socket) {
    try {
      socket.setSoTimeout(HELLO_TIMEOUT_MS);
      byte[] token = LinkFrames.readHello(socket.getInputStream());
      Consumer<Socket> onConnect = invited.remove(HexFormat.of().formatHex(token));
      if (onConnect == null) {
        throw new IOException("a token that was not handed out, or was used already");
      }
      socket.setSoTimeout(0);
      socket.setTcpNoDelay(true);
      socket.setSendBufferSize(LinkFrames.SOCKET_BUFFER);
      onConnect.accept(socket);
    } catch (IOException e) {
      notes.accept("data link: refused a connection from " + socket.getRemoteSocketAddress() + ": " + e.getMessage());
      closeQuietly(socket);
    }
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing is all that was left to do with it
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (SocketException e) {
      // already closed
    } catch (IOException e) {
      // nothing listens any more either way
    }
  }
}
