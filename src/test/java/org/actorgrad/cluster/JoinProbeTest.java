package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's look at its coordinator's port, against stand-ins on 127.0.0.1: a port that holds a
 * connection open and never writes (plain Artery), and a TLS server. A worker without TLS sends a
 * plain port nothing but Artery's connection header, never a ClientHello, which a plain
 * coordinator would report as a TLS peer.
 */
class JoinProbeTest {
  @TempDir static Path keys;
  private static TlsStores stores;

  @BeforeAll
  static void makeCertificates() throws Exception {
    stores = TlsStores.make(keys);
  }

  @Test
  void theHeaderIsArterysMagicAndTheControlStream() {
    byte[] header = JoinProbe.arteryHeader(
        ClusterConfig.node(ClusterConfig.WORKER_ROLE, new HostPort("127.0.0.1", 0), 1, ConfigFactory.empty()));
    assertArrayEquals(new byte[] {'A', 'K', 'K', 'A', 1}, header);
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void aPlainPortIsSentOnlyTheHeaderByAWorkerWithoutTls() throws Exception {
    byte[] header = "AKKA\u0001".getBytes(StandardCharsets.US_ASCII);
    List<byte[]> received = new CopyOnWriteArrayList<>();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread t = daemon(() -> {
        while (!server.isClosed()) {
          try (Socket s = server.accept()) {
            received.add(s.getInputStream().readAllBytes()); // holds it open until the prober closes
          } catch (IOException e) {
            return;
          }
        }
      });
      HostPort target = new HostPort("127.0.0.1", server.getLocalPort());
      assertEquals(JoinProbe.Finding.PLAIN, JoinProbe.probe(target, false, header));
      server.close();
      t.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertEquals(1, received.size(), "one connection");
    assertArrayEquals(header, received.get(0));
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void aTlsPortIsFoundByAWorkerWithAndWithoutTls() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(stores.path("cluster.p12").toFile())) {
      store.load(in, TlsStores.PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, TlsStores.PASSWORD.toCharArray());
    context.init(kmf.getKeyManagers(), null, null);
    try (SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      daemon(() -> {
        while (!server.isClosed()) {
          try (SSLSocket s = (SSLSocket) server.accept()) {
            s.startHandshake();
          } catch (IOException e) {
            // a probe's handshake never completes: next
          }
        }
      });
      HostPort target = new HostPort("127.0.0.1", server.getLocalPort());
      byte[] header = "AKKA\u0001".getBytes(StandardCharsets.US_ASCII);
      assertEquals(JoinProbe.Finding.TLS, JoinProbe.probe(target, false, header));
      assertEquals(JoinProbe.Finding.TLS, JoinProbe.probe(target, true, header));
    }
  }

  private static Thread daemon(Runnable body) {
    Thread t = new Thread(body, "probe-stand-in");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
