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
  void skipsIntactFilesAlreadyPresentGzipRawOrRecompressed() throws Exception {
    mirror.serveAll("/a/", files);
    String testImages = DatasetFiles.TEST_IMAGES + ".gz";
    Files.write(dir.resolve(IMAGES), files.get(IMAGES)); // the served file itself
    Files.write(dir.resolve(DatasetFiles.TEST_LABELS), gunzip(files.get(DatasetFiles.TEST_LABELS + ".gz")));
    byte[] recompressed = recompress(files.get(testImages)); // other bytes, same content
    assertFalse(java.util.Arrays.equals(recompressed, files.get(testImages)));
    Files.write(dir.resolve(testImages), recompressed);
    List<String> notes = downloader(LocalMirror.specs(files), TIMEOUT, mirror.base("/a/")).download(dir);
    assertEquals(List.of(), notes);
    assertEquals(0, mirror.requests("/a/" + IMAGES));
    assertEquals(0, mirror.requests("/a/" + DatasetFiles.TEST_LABELS + ".gz"));
    assertEquals(0, mirror.requests("/a/" + testImages));
    assertEquals(1, mirror.requests("/a/" + DatasetFiles.TRAIN_LABELS + ".gz"));
    assertArrayEquals(recompressed, Files.readAllBytes(dir.resolve(testImages)));
  }

  /** A damaged file in place: what it holds and the phrase that must name what is wrong. */
  private record Damage(String label, String file, byte[] bytes, String reason) {}

  private List<Damage> damages() {
    String labels = DatasetFiles.TRAIN_LABELS + ".gz";
    byte[] gz = files.get(IMAGES);
    byte[] raw = gunzip(gz);
    byte[] otherLabels = gunzip(files.get(labels)).clone();
    otherLabels[otherLabels.length - 1] ^= 1;
    return List.of(
        new Damage("empty", IMAGES, new byte[0], "is damaged: empty (0 bytes)"),
        new Damage("truncated gzip", IMAGES, java.util.Arrays.copyOf(gz, gz.length / 2), "is damaged: a damaged gzip stream"),
        new Damage("truncated raw", DatasetFiles.TRAIN_IMAGES, java.util.Arrays.copyOf(raw, raw.length - 7),
            "is damaged: truncated: " + (raw.length - 7) + " content bytes, expected " + raw.length),
        new Damage("one label changed", labels, IdxFiles.gzip(otherLabels),
            "is damaged: content differs from the canonical file (SHA-256 "),
        new Damage("the test labels in place of the training labels", labels,
            files.get(DatasetFiles.TEST_LABELS + ".gz"), "is damaged: holds 10 labels, expected 40 labels"),
        new Damage("images in place of labels", labels, files.get(DatasetFiles.TEST_IMAGES + ".gz"),
            "is damaged: IDX magic 2051, expected 2049 (40 labels)"));
  }

  @Test
  void aDamagedFileInPlaceIsNamedFetchedAgainAndKeptAside() throws Exception {
    for (Damage damage : damages()) {
      Path target = dir.resolve(damage.label().replace(' ', '-'));
      Files.createDirectories(target);
      Files.write(target.resolve(damage.file()), damage.bytes());
      String served = damage.file().endsWith(".gz") ? damage.file() : damage.file() + ".gz";
      int before = mirror.requests("/a/" + served);
      mirror.serveAll("/a/", files);
      List<String> notes = downloader(LocalMirror.specs(files), TIMEOUT, mirror.base("/a/")).download(target);
      assertEquals(1, notes.size(), damage.label() + ": " + notes);
      assertOneLineContaining(notes.get(0), target.toAbsolutePath() + ": " + damage.file() + " " + damage.reason(),
          "fetched " + served + " again (the damaged file is kept as " + damage.file() + ".damaged)");
      assertEquals(before + 1, mirror.requests("/a/" + served), damage.label());
      assertArrayEquals(files.get(served), Files.readAllBytes(target.resolve(served)), damage.label());
      assertArrayEquals(damage.bytes(), Files.readAllBytes(target.resolve(damage.file() + ".damaged")), damage.label());
      assertEquals(40, DatasetLocator.load(target, "toy").train().count(), damage.label());
      // Checked again, the folder is in order.
      assertEquals(List.of(), downloader(LocalMirror.specs(files), TIMEOUT, mirror.base("/a/")).download(target));
    }
  }

  @Test
  void aDamagedFileThatCannotBeFetchedAgainIsAnErrorThatNamesIt() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/");
    files.forEach((name, body) -> IdxFiles.write(dir.resolve(name), body));
    byte[] truncated = java.util.Arrays.copyOf(files.get(IMAGES), 30);
    Files.write(dir.resolve(IMAGES), truncated);
    List<String> before = folderContents(dir);
    DataException e = assertThrows(DataException.class,
        () -> downloader(LocalMirror.specs(files), TIMEOUT, nowhere).download(dir));
    assertOneLineContaining(e.getMessage(), dir.toAbsolutePath() + ": " + IMAGES + " is damaged: ",
        ", and could not download " + IMAGES + " (" + nowhere + IMAGES + ": cannot connect");
    assertEquals(before, folderContents(dir));
    assertArrayEquals(truncated, Files.readAllBytes(dir.resolve(IMAGES)));
  }

  @Test
  void withBothSpellingsTheOneReadCountsAndTheOtherIsNamed() throws Exception {
    mirror.serveAll("/a/", files);
    Path gzFirst = dir.resolve("gz-intact");
    files.forEach((name, body) -> IdxFiles.write(gzFirst.resolve(name), body));
    Files.write(gzFirst.resolve(DatasetFiles.TRAIN_IMAGES), new byte[] {1, 2, 3});
    List<String> notes = downloader(LocalMirror.specs(files), TIMEOUT, mirror.base("/a/")).download(gzFirst);
    assertEquals(1, notes.size(), notes.toString());
    assertOneLineContaining(notes.get(0), DatasetFiles.TRAIN_IMAGES + " is damaged: ",
        "; " + IMAGES + " is intact and is the one read");
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(gzFirst.resolve(DatasetFiles.TRAIN_IMAGES)));

    // The .gz is read first: when it is the damaged one, it is set aside and the intact raw file is read.
    Path rawIntact = dir.resolve("raw-intact");
    files.forEach((name, body) -> IdxFiles.write(rawIntact.resolve(name), body));
    Files.write(rawIntact.resolve(DatasetFiles.TRAIN_IMAGES), gunzip(files.get(IMAGES)));
    Files.write(rawIntact.resolve(IMAGES), new byte[0]);
    notes = downloader(LocalMirror.specs(files), TIMEOUT, mirror.base("/a/")).download(rawIntact);
    assertEquals(1, notes.size(), notes.toString());
    assertOneLineContaining(notes.get(0), IMAGES + " is damaged: empty (0 bytes); kept as " + IMAGES
        + ".damaged, " + DatasetFiles.TRAIN_IMAGES + " is intact and is the one read");
    assertFalse(Files.exists(rawIntact.resolve(IMAGES)));
    assertEquals(0, mirror.requests("/a/" + IMAGES));
    assertEquals(40, DatasetLocator.load(rawIntact, "toy").train().count());
  }

  @Test
  void theSharedCopiesPassTheCanonicalCheckAndTheMnistSubsetDoesNot() {
    Path fashion = org.actorgrad.testing.Datasets.require("fashion-mnist");
    // Re-compressed copies (their MD5s differ from the originals'): checked by content.
    Downloader.forDataset("fashion-mnist", false).expected().forEach((name, spec) ->
        assertEquals(null, InPlaceCheck.problem(fashion.resolve(name), spec), name));
    Path mnist = org.actorgrad.testing.Datasets.require("mnist");
    Map<String, FileSpec> specs = Downloader.forDataset("mnist", false).expected();
    for (String test : List.of(DatasetFiles.TEST_IMAGES, DatasetFiles.TEST_LABELS)) {
      assertEquals(null, InPlaceCheck.problem(mnist.resolve(test + ".gz"), specs.get(test + ".gz")), test);
    }
    assertEquals("holds 10,000 images of 28x28, expected 60,000 images of 28x28",
        InPlaceCheck.problem(mnist.resolve(IMAGES), specs.get(IMAGES)));
  }

  private static byte[] gunzip(byte[] gz) {
    try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The same content as two gzip members: a valid gzip file with other bytes than the served one. */
  private static byte[] recompress(byte[] gz) {
    byte[] raw = gunzip(gz);
    int half = raw.length / 2;
    return IdxFiles.concat(IdxFiles.gzip(java.util.Arrays.copyOf(raw, half)),
        IdxFiles.gzip(java.util.Arrays.copyOfRange(raw, half, raw.length)));
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
    assertFalse(Files.exists(dir.resolve("dataset")), "a failed download leaves no folder it made behind");
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
