package org.actorgrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {
  private static final String IMAGES = DatasetFiles.TRAIN_IMAGES + ".gz";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir
  Path dir;

  private LocalMirror mirror;
  private Map<String, byte[]> files;

  @BeforeEach
  void startMirror() throws IOException {
    mirror = LocalMirror.start();
    files = LocalMirror.toyDatasetGzipFiles(40, 10);
  }

  @AfterEach
  void stopMirror() {
    mirror.close();
  }

  private Downloader downloader(Map<String, FileSpec> specs, Duration timeout, URI... mirrors) {
    return new Downloader(List.of(mirrors), specs, false, timeout);
  }

  private List<String> folderContents(Path folder) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> entries = Files.list(folder)) {
      entries.forEach(p -> names.add(p.getFileName().toString()));
    }
    names.sort(null);
    return names;
  }

  private static void assertOneLineContaining(String message, String... parts) {
    assertFalse(message.contains("\n"), "one line: " + message);
    for (String part : parts) {
      assertTrue(message.contains(part), "expected \"" + part + "\" in \"" + message + "\"");
    }
  }

  @Test
  void downloadsVerifiesAndMovesEveryFileIntoPlace() throws Exception {
    mirror.serveAll("/a/", files);
    Path target = dir.resolve("new").resolve("mnist"); // created on demand
    // With the progress bar on (it draws to stderr), so that path runs too.
    new Downloader(List.of(mirror.base("/a/")), LocalMirror.specs(files), true, TIMEOUT).download(target);
    assertEquals(new ArrayList<>(new java.util.TreeSet<>(files.keySet())), folderContents(target));
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      assertArrayEquals(file.getValue(), Files.readAllBytes(target.resolve(file.getKey())));
    }
    assertEquals(40, DatasetLocator.load(target, "toy").train().count());
  }

  @Test
  void skipsFilesAlreadyPresentGzipOrRaw() throws Exception {
    mirror.serveAll("/a/", files);
    Files.write(dir.resolve(IMAGES), files.get(IMAGES));
    Files.write(dir.resolve(DatasetFiles.TEST_LABELS), new byte[] {1}); // raw name counts as present
    downloader(LocalMirror.specs(files), TIMEOUT, mirror.base("/a/")).download(dir);
    assertEquals(0, mirror.requests("/a/" + IMAGES));
    assertEquals(0, mirror.requests("/a/" + DatasetFiles.TEST_LABELS + ".gz"));
    assertEquals(1, mirror.requests("/a/" + DatasetFiles.TRAIN_LABELS + ".gz"));
    assertEquals(1, mirror.requests("/a/" + DatasetFiles.TEST_IMAGES + ".gz"));
  }

  @Test
  void rejectsAWrongChecksumAndKeepsNothing() throws Exception {
    byte[] body = files.get(IMAGES);
    byte[] tampered = body.clone();
    tampered[tampered.length / 2] ^= 1;
    mirror.serve("/a/" + IMAGES, tampered);
    Map<String, FileSpec> spec = Map.of(IMAGES, new FileSpec(body.length, LocalMirror.md5(body)));
    DataException e = assertThrows(DataException.class,
        () -> downloader(spec, TIMEOUT, mirror.base("/a/")).download(dir));
    assertOneLineContaining(e.getMessage(), "could not download " + IMAGES,
        "MD5 " + LocalMirror.md5(tampered) + ", expected " + LocalMirror.md5(body));
    assertEquals(List.of(), folderContents(dir));
  }

  @Test
  void aServerDyingMidFileLeavesNothing() throws Exception {
    mirror.serveDyingHalfway("/a/" + IMAGES, files.get(IMAGES));
    Map<String, FileSpec> spec = Map.of(IMAGES, LocalMirror.specs(files).get(IMAGES));
    DataException e = assertThrows(DataException.class,
        () -> downloader(spec, TIMEOUT, mirror.base("/a/")).download(dir));
    assertOneLineContaining(e.getMessage(), "could not download " + IMAGES,
        mirror.base("/a/") + IMAGES + ": the transfer broke off after " + files.get(IMAGES).length / 2 + " bytes");
    assertEquals(List.of(), folderContents(dir));
  }

  @Test
  void aStalledServerTimesOutAndLeavesNothing() throws Exception {
    mirror.serveStallingHalfway("/a/" + IMAGES, files.get(IMAGES));
    Map<String, FileSpec> spec = Map.of(IMAGES, LocalMirror.specs(files).get(IMAGES));
    DataException e = assertThrows(DataException.class,
        () -> downloader(spec, Duration.ofMillis(500), mirror.base("/a/")).download(dir));
    assertOneLineContaining(e.getMessage(), "no data for 500 ms");
    assertEquals(List.of(), folderContents(dir));
  }

  @Test
  void aWrongContentLengthIsRejectedBeforeReading() throws Exception {
    mirror.serve("/a/" + IMAGES, files.get(DatasetFiles.TRAIN_LABELS + ".gz"));
    Map<String, FileSpec> spec = Map.of(IMAGES, LocalMirror.specs(files).get(IMAGES));
    DataException e = assertThrows(DataException.class,
        () -> downloader(spec, TIMEOUT, mirror.base("/a/")).download(dir));
    assertOneLineContaining(e.getMessage(), "the server announced "
        + files.get(DatasetFiles.TRAIN_LABELS + ".gz").length + " bytes, expected " + files.get(IMAGES).length);
    assertEquals(List.of(), folderContents(dir));
  }

  @Test
  void a404OnTheFirstMirrorFallsThroughToTheSecond() throws Exception {
    mirror.serveAll("/second/", files);
    downloader(LocalMirror.specs(files), TIMEOUT, mirror.base("/first/"), mirror.base("/second/")).download(dir);
    assertEquals(1, mirror.requests("/first/" + IMAGES));
    assertEquals(1, mirror.requests("/second/" + IMAGES));
    assertArrayEquals(files.get(IMAGES), Files.readAllBytes(dir.resolve(IMAGES)));
  }

  @Test
  void aStalePartFileFromAnEarlierRunIsReplaced() throws Exception {
    mirror.serveAll("/a/", files);
    Files.write(dir.resolve("." + IMAGES + ".part"), new byte[] {9, 9, 9});
    downloader(LocalMirror.specs(files), TIMEOUT, mirror.base("/a/")).download(dir);
    assertArrayEquals(files.get(IMAGES), Files.readAllBytes(dir.resolve(IMAGES)));
    assertFalse(Files.exists(dir.resolve("." + IMAGES + ".part")));
  }

  @Test
  void withoutNetworkTheMessageSaysWhichFilesToPutWhere() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/mnist/");
    Path target = dir.resolve("dataset").resolve("mnist");
    DataException e = assertThrows(DataException.class,
        () -> downloader(LocalMirror.specs(files), TIMEOUT, nowhere).download(target));
    assertOneLineContaining(e.getMessage(),
        "could not download train-images-idx3-ubyte.gz (" + nowhere + "train-images-idx3-ubyte.gz: cannot connect",
        "put the files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, "
            + "t10k-labels-idx1-ubyte.gz (gzip or uncompressed, without .gz) into " + target.toAbsolutePath(),
        "or pass --data DIR");
    assertEquals(List.of(), folderContents(target));
  }

  @Test
  void realTablesCoverTheFourFilesOfEachDataSet() {
    // Construction validates the table (sizes, MD5 format, mirrors ending with /); no network here.
    Downloader.forDataset("mnist", false);
    Downloader.forDataset("fashion-mnist", true);
    assertThrows(IllegalArgumentException.class, () -> Downloader.forDataset("cifar", false));
  }

  @Test
  void rejectsBadArguments() {
    Map<String, FileSpec> spec = Map.of(IMAGES, new FileSpec(1, "0123456789abcdef0123456789ABCDEF"));
    IllegalArgumentException slash = assertThrows(IllegalArgumentException.class,
        () -> downloader(spec, TIMEOUT, URI.create("http://127.0.0.1:1/mnist")));
    assertEquals("expected a mirror base URL ending with /, found http://127.0.0.1:1/mnist", slash.getMessage());
    assertThrows(IllegalArgumentException.class, () -> downloader(spec, TIMEOUT));
    assertThrows(IllegalArgumentException.class,
        () -> downloader(spec, Duration.ZERO, URI.create("http://127.0.0.1:1/")));
    assertThrows(IllegalArgumentException.class, () -> new FileSpec(0, LocalMirror.md5(new byte[0])));
    assertThrows(IllegalArgumentException.class, () -> new FileSpec(5, "abc"));
    assertEquals("0123456789abcdef0123456789abcdef", spec.get(IMAGES).md5());
  }
}
