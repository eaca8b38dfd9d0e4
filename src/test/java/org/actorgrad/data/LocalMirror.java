package org.actorgrad.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 (an ephemeral port, never another address) for download tests:
 * serves registered bytes, and can misbehave (die mid-file, stall). Unregistered paths get 404.
 */
public final class LocalMirror implements AutoCloseable {
  private enum Behaviour { WHOLE, DIE_HALFWAY, STALL_HALFWAY }

  private record Response(byte[] body, Behaviour behaviour) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "local-mirror");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Response> responses = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  private LocalMirror(HttpServer server) {
    this.server = server;
  }

  public static LocalMirror start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    LocalMirror mirror = new LocalMirror(server);
    server.createContext("/", mirror::handle);
    server.setExecutor(mirror.threads);
    server.start();
    return mirror;
  }

  /** {@code http://127.0.0.1:PORT/prefix/}; prefix starts and ends with /. */
  public URI base(String prefix) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + prefix);
  }

  public void serve(String path, byte[] body) {
    responses.put(path, new Response(body, Behaviour.WHOLE));
  }

  public void serveAll(String prefix, Map<String, byte[]> files) {
    files.forEach((name, body) -> serve(prefix + name, body));
  }

  /** Announces the full Content-Length, sends half the body, then drops the connection. */
  public void serveDyingHalfway(String path, byte[] body) {
    responses.put(path, new Response(body, Behaviour.DIE_HALFWAY));
  }

  /** Announces the full Content-Length, sends half the body, then sends nothing until closed. */
  public void serveStallingHalfway(String path, byte[] body) {
    responses.put(path, new Response(body, Behaviour.STALL_HALFWAY));
  }

  public int requests(String path) {
    AtomicInteger count = requests.get(path);
    return count == null ? 0 : count.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    Response response = responses.get(path);
    if (response == null) {
      byte[] notFound = "not found".getBytes();
      exchange.sendResponseHeaders(404, notFound.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(notFound);
      }
      return;
    }
    byte[] body = response.body();
    exchange.sendResponseHeaders(200, body.length);
    OutputStream out = exchange.getResponseBody();
    switch (response.behaviour()) {
      case WHOLE -> {
        out.write(body);
        out.close();
      }
      case DIE_HALFWAY -> {
        out.write(body, 0, body.length / 2);
        out.flush();
        // An exception out of a handler makes the JDK server drop the connection: the client
        // sees the stream end short of Content-Length, as when a real server dies.
        throw new IOException("simulated server death after " + body.length / 2 + " bytes");
      }
      case STALL_HALFWAY -> {
        out.write(body, 0, body.length / 2);
        out.flush();
        try {
          closing.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        exchange.close();
      }
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    threads.shutdownNow();
  }

  /** The four gzip files of a small data set (train and test of 4x3 images), by canonical gzip name. */
  public static Map<String, byte[]> toyDatasetGzipFiles(int trainCount, int testCount) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(DatasetFiles.TRAIN_IMAGES + ".gz",
        IdxFiles.gzip(IdxFiles.imagesIdx(trainCount, 4, 3, IdxFiles.pixels(trainCount, 4, 3))));
    files.put(DatasetFiles.TRAIN_LABELS + ".gz",
        IdxFiles.gzip(IdxFiles.labelsIdx(trainCount, IdxFiles.labels(trainCount))));
    files.put(DatasetFiles.TEST_IMAGES + ".gz",
        IdxFiles.gzip(IdxFiles.imagesIdx(testCount, 4, 3, IdxFiles.pixels(testCount, 4, 3))));
    files.put(DatasetFiles.TEST_LABELS + ".gz",
        IdxFiles.gzip(IdxFiles.labelsIdx(testCount, IdxFiles.labels(testCount))));
    return files;
  }

  /**
   * Sizes and MD5s computed here from the bytes, as the real table was from the original files,
   * and the decompressed content (IDX header and SHA-256) of each body that is a gzip IDX file.
   */
  public static Map<String, FileSpec> specs(Map<String, byte[]> files) {
    Map<String, FileSpec> specs = new LinkedHashMap<>();
    files.forEach((name, body) -> specs.put(name, new FileSpec(body.length, md5(body), content(body))));
    return specs;
  }

  /** The canonical content of a gzip IDX body (header and SHA-256), or null for other bytes. */
  static CanonicalIdx content(byte[] body) {
    byte[] raw;
    try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
      raw = in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
    java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(raw);
    if (raw.length < 8) {
      return null;
    }
    int magic = header.getInt();
    int rank = magic & 0xFF;
    if (raw.length < 4 + 4 * rank) {
      return null;
    }
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = header.getInt();
    }
    try {
      return new CanonicalIdx(magic, dims, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
