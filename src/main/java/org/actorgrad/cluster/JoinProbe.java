package org.actorgrad.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * Why a worker that reaches its coordinator's port is still not in its cluster, found by looking
 * at the port itself: a worker without TLS joining a coordinator with it (or the reverse) used to
 * wait out the whole join timeout and then say "no coordinator at ...".
 *
 * <p>The probe speaks as this worker's own transport would, so that what the coordinator sees of
 * it is true (the coordinator reports a TLS peer, {@link TlsMismatch}): a worker with TLS sends a
 * TLS ClientHello, which a TLS server answers with a TLS record (a ServerHello or an alert) and
 * Artery's plain TCP closes on. A worker without TLS first sends Artery's plain connection header
 * (the magic bytes and a stream id, no frame): plain Artery accepts it and waits for a frame, a TLS
 * server fails its handshake on it and closes. Only a port that closed on the plain header is then
 * sent a ClientHello, to tell TLS from something else: a plain coordinator never sees a
 * ClientHello from a worker without TLS, which it would report as a TLS peer.
 */
final class JoinProbe {
  private static final int CONNECT_MS = 2_000;
  private static final int ANSWER_MS = 3_000;
  /** The first byte of a TLS record: handshake, or alert. */
  private static final int TLS_HANDSHAKE = 22;
  private static final int TLS_ALERT = 21;
  /** Pekko's TcpFraming: 4 magic bytes, then one byte naming the stream (1: control). */
  private static final int MAGIC_BYTES = 4;
  private static final byte CONTROL_STREAM_ID = 1;

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

  /**
   * Connects to {@code target} and finds out whether it speaks TLS, the way a node with
   * {@code tls} on or off would connect; never throws.
   *
   * @param arteryHeader Artery's plain connection header ({@link #arteryHeader}), sent first when
   *     {@code tls} is off
   */
  static Finding probe(HostPort target, boolean tls, byte[] arteryHeader) {
    if (!tls) {
      Optional<Finding> plain = plainArtery(target, arteryHeader);
      if (plain.isPresent()) {
        return plain.get();
      }
      // It is not plain Artery: whether it is TLS can now be asked without misleading a plain coordinator.
    }
    return clientHello(target);
  }

  /**
   * Artery's plain connection header: the first of {@code pekko.remote.artery.advanced.tcp-magic}
   * (4 bytes, Pekko's TcpFraming) and the control stream's id. Without a frame after it, plain
   * Artery reads nothing and drops the connection quietly when it closes.
   */
  static byte[] arteryHeader(Config node) {
    String path = "pekko.remote.artery.advanced.tcp-magic";
    String magic = node.getValue(path).valueType() == ConfigValueType.LIST
        ? node.getStringList(path).get(0) : node.getString(path);
    byte[] header = Arrays.copyOf(magic.getBytes(StandardCharsets.UTF_8), MAGIC_BYTES + 1);
    header[MAGIC_BYTES] = CONTROL_STREAM_ID;
    return header;
  }

  /**
   * PLAIN when the port holds a plain Artery header open, NOTHING_LISTENS when it cannot be
   * reached, empty when it answers or closes: not plain Artery.
   */
  private static Optional<Finding> plainArtery(HostPort target, byte[] header) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(target.host(), target.port()), CONNECT_MS);
      socket.setSoTimeout(ANSWER_MS);
      socket.getOutputStream().write(header);
      socket.getOutputStream().flush();
      socket.getInputStream().read();
      return Optional.empty(); // plain Artery never writes on a connection it accepted, nor closes it on its header
    } catch (java.net.ConnectException | java.net.UnknownHostException | java.net.NoRouteToHostException e) {
      return Optional.of(Finding.NOTHING_LISTENS);
    } catch (java.net.SocketTimeoutException e) {
      // Held open: plain Artery waiting for a frame. (Or no connection in time: then a ClientHello
      // would not connect either, and PLAIN reports nothing to a worker without TLS.)
      return Optional.of(Finding.PLAIN);
    } catch (IOException e) {
      return Optional.empty(); // reset on the header: not plain Artery
    }
  }

  private static Finding clientHello(HostPort target) {
    byte[] hello;
    try {
      hello = clientHelloBytes(target);
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

  private static byte[] clientHelloBytes(HostPort target) throws IOException {
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
