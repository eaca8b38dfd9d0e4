package org.actorgrad.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * Why a worker that reaches its coordinator's port is still not in its cluster, found by looking
 * at the port itself: a worker without TLS joining a coordinator with it (or the reverse) used to
 * wait out the whole join timeout and then say "no coordinator at ...". The probe sends a TLS
 * ClientHello: a TLS server answers with a TLS record (a ServerHello or an alert), Artery's plain
 * TCP closes the connection on bytes that are not its own.
 */
final class JoinProbe {
  private static final int CONNECT_MS = 2_000;
  private static final int ANSWER_MS = 3_000;
  /** The first byte of a TLS record: handshake, or alert. */
  private static final int TLS_HANDSHAKE = 22;
  private static final int TLS_ALERT = 21;

  /** What the probe found at the coordinator's port. */
  enum Finding {
    /** Nothing listens there (yet): the coordinator may still be starting. */
    NOTHING_LISTENS,
    /** A TLS server listens there. */
    TLS,
    /** Something that does not speak TLS listens there. */
    PLAIN
  }

  private JoinProbe() {}

  /** Connects to {@code target} and finds out whether it speaks TLS; never throws. */
  static Finding probe(HostPort target) {
    byte[] hello;
    try {
      hello = clientHello(target);
    } catch (IOException e) {
      return Finding.NOTHING_LISTENS; // no TLS in this JVM: nothing can be learned
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(target.host(), target.port()), CONNECT_MS);
      socket.setSoTimeout(ANSWER_MS);
      socket.getOutputStream().write(hello);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      int first = in.read();
      return first == TLS_HANDSHAKE || first == TLS_ALERT ? Finding.TLS : Finding.PLAIN;
    } catch (java.net.ConnectException | java.net.UnknownHostException | java.net.NoRouteToHostException e) {
      return Finding.NOTHING_LISTENS;
    } catch (java.net.SocketTimeoutException e) {
      // No connection in time (a host that drops packets, or not up yet), or connected and no answer
      // in time (a TLS coordinator too busy to answer): neither shows a mismatch, so keep waiting.
      return Finding.NOTHING_LISTENS;
    } catch (IOException e) {
      return Finding.PLAIN; // connected, then closed or reset on our ClientHello: not TLS
    }
  }

  /**
   * The line that says what does not match, when the probe shows a mismatch that cannot work
   * (TLS on one end only), or empty when the ends agree on TLS (or nothing listens).
   */
  static Optional<String> tlsMismatch(HostPort coordinator, boolean workerTls, Finding found) {
    if (found == Finding.TLS && !workerTls) {
      return Optional.of(String.format(Locale.ROOT, "the coordinator at %s uses TLS and this worker does not: "
          + "turn TLS on here (ACTORGRAD_TLS=on with the cluster's key and trust stores) or off there", coordinator));
    }
    if (found == Finding.PLAIN && workerTls) {
      return Optional.of(String.format(Locale.ROOT, "this worker uses TLS and the coordinator at %s does not: "
          + "turn TLS off here (ACTORGRAD_TLS) or on there", coordinator));
    }
    return Optional.empty();
  }

  /** The line for a coordinator that answers on its port, agrees on TLS, and still has not let us in. */
  static String notAdmitted(HostPort coordinator, List<String> spellings, String waited) {
    return String.format(Locale.ROOT, "something answers at %s but has not let this worker join after %s "
        + "(tried it as %s): join at exactly the address the coordinator printed ('coordinator at HOST:PORT'); "
        + "with TLS, both ends need certificates the other trusts", coordinator, waited,
        String.join(", ", spellings.stream().map(h -> new HostPort(h, coordinator.port()).toString()).toList()));
  }

  private static byte[] clientHello(HostPort target) throws IOException {
    try {
      SSLEngine engine = SSLContext.getDefault().createSSLEngine(target.host(), target.port());
      engine.setUseClientMode(true);
      engine.beginHandshake();
      ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
      engine.wrap(ByteBuffer.allocate(0), out);
      out.flip();
      byte[] bytes = new byte[out.remaining()];
      out.get(bytes);
      return bytes;
    } catch (NoSuchAlgorithmException | SSLException e) {
      throw new IOException("cannot make a TLS ClientHello: " + e.getMessage(), e);
    }
  }
}
