package org.actorgrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {
  @TempDir
  Path dir;

  /** A downloader that must not be used: its only mirror is a closed port it would fail on. */
  private static Downloader unusedDownloader() {
    return new Downloader(List.of(URI.create("http://127.0.0.1:9/")),
        Map.of("x.gz", new FileSpec(1, "00000000000000000000000000000000")), false, Duration.ofSeconds(1));
  }

  private static void assertContains(String actual, String expected) {
    assertTrue(actual.contains(expected), "expected \"" + expected + "\" in \"" + actual + "\"");
    assertFalse(actual.contains("\n"), "one line: " + actual);
  }

  @Test
  void loadsRawAndGzipAlikeWithTheSameFingerprint() {
    IdxFiles.writeDataset(dir.resolve("gz"), 7, 3, true);
    IdxFiles.writeDataset(dir.resolve("raw"), 7, 3, false);
    LoadedData gz = DatasetLocator.load(dir.resolve("gz"), "toy");
    LoadedData raw = DatasetLocator.load(dir.resolve("raw"), "toy");
    assertEquals(7, gz.train().count());
    assertEquals(3, gz.test().count());
    assertEquals(4, gz.train().rows());
    assertEquals(3, gz.train().cols());
    assertEquals("toy/train", gz.train().name());
    assertEquals("toy/test", gz.test().name());
    assertArrayEquals(raw.train().pixels(), gz.train().pixels());
    assertArrayEquals(IdxFiles.labels(3), gz.test().labels());
    assertEquals(raw.fingerprint(), gz.fingerprint());
    assertTrue(gz.fingerprint().matches("[0-9a-f]{64}"), gz.fingerprint());
  }

  @Test
  void fingerprintIsTheSha256OfTheFourDecompressedFilesInCanonicalOrder() throws Exception {
    IdxFiles.writeDataset(dir, 5, 2, false);
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    for (String base : DatasetFiles.BASE_NAMES) {
      sha.update(Files.readAllBytes(dir.resolve(base)));
    }
    assertEquals(java.util.HexFormat.of().formatHex(sha.digest()), DatasetLocator.load(dir, "toy").fingerprint());
    IdxFiles.writeDataset(dir.resolve("other"), 5, 3, false);
    assertNotEquals(DatasetLocator.load(dir, "toy").fingerprint(),
        DatasetLocator.load(dir.resolve("other"), "toy").fingerprint());
  }

  @Test
  void rejectsImagesAndLabelsOfDifferentCounts() {
    IdxFiles.writeDataset(dir, 5, 2, true);
    IdxFiles.write(dir.resolve(DatasetFiles.TRAIN_LABELS + ".gz"),
        IdxFiles.gzip(IdxFiles.labelsIdx(4, IdxFiles.labels(4))));
    DataException e = assertThrows(DataException.class, () -> DatasetLocator.load(dir, "toy"));
    assertContains(e.getMessage(), "train-labels-idx1-ubyte.gz: holds 4 labels, expected one for each of the 5 images in train-images-idx3-ubyte.gz");
  }

  @Test
  void rejectsTestImagesOfAnotherSize() {
    IdxFiles.writeDataset(dir, 5, 2, false);
    IdxFiles.write(dir.resolve(DatasetFiles.TEST_IMAGES),
        IdxFiles.imagesIdx(2, 3, 3, IdxFiles.pixels(2, 3, 3)));
    DataException e = assertThrows(DataException.class, () -> DatasetLocator.load(dir, "toy"));
    assertContains(e.getMessage(), "t10k-images-idx3-ubyte: images of 3x3, expected the 4x3 of train-images-idx3-ubyte");
  }

  @Test
  void loadNamesAMissingFile() throws Exception {
    IdxFiles.writeDataset(dir, 5, 2, true);
    Files.delete(dir.resolve(DatasetFiles.TEST_LABELS + ".gz"));
    DataException e = assertThrows(DataException.class, () -> DatasetLocator.load(dir, "toy"));
    assertContains(e.getMessage(), "t10k-labels-idx1-ubyte.gz: file not found");
  }

  @Test
  void locatePrefersDataDirThenProjectThenSystemFolders() {
    Path project = dir.resolve("project");
    Path system = dir.resolve("system");
    IdxFiles.writeDataset(system, 2, 1, true);
    List<Path> systemFolders = List.of(system);
    assertEquals(system, DatasetLocator.locate("fashion-mnist", null, project, false, unusedDownloader(), systemFolders));
    Path projectFolder = project.resolve("dataset").resolve("fashion-mnist");
    IdxFiles.writeDataset(projectFolder, 2, 1, false);
    assertEquals(projectFolder, DatasetLocator.locate("fashion-mnist", null, project, false, unusedDownloader(), systemFolders));
    Path explicit = dir.resolve("explicit");
    IdxFiles.writeDataset(explicit, 2, 1, true);
    assertEquals(explicit, DatasetLocator.locate("fashion-mnist", explicit, project, false, unusedDownloader(), systemFolders));
  }

  @Test
  void locateRejectsADataDirThatIsMissingOrIncomplete() throws Exception {
    DataException missing = assertThrows(DataException.class,
        () -> DatasetLocator.locate("mnist", dir.resolve("nope"), dir, true, unusedDownloader()));
    assertContains(missing.getMessage(), "nope: no such folder, expected a folder holding train-images-idx3-ubyte.gz");
    IdxFiles.writeDataset(dir.resolve("partial"), 2, 1, true);
    Files.delete(dir.resolve("partial").resolve(DatasetFiles.TRAIN_LABELS + ".gz"));
    DataException partial = assertThrows(DataException.class,
        () -> DatasetLocator.locate("mnist", dir.resolve("partial"), dir, true, unusedDownloader()));
    assertContains(partial.getMessage(), "partial: missing train-labels-idx1-ubyte(.gz), expected all of");
  }

  @Test
  void locateWithoutDownloadSaysWhereToPutTheFiles() {
    DataException e = assertThrows(DataException.class,
        () -> DatasetLocator.locate("mnist", null, dir, false, unusedDownloader(), List.of()));
    String folder = dir.resolve("dataset").resolve("mnist").toAbsolutePath().toString();
    assertContains(e.getMessage(), "mnist: the data set is not in " + folder + " or "
        + dir.resolve("dataset").toAbsolutePath() + " and downloading is off");
    assertContains(e.getMessage(), "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
        + "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz");
    assertContains(e.getMessage(), "--data DIR");
  }

  @Test
  void locateDownloadsIntoTheProjectFolderWhenAllowed() throws Exception {
    Map<String, byte[]> files = LocalMirror.toyDatasetGzipFiles(6, 2);
    try (LocalMirror mirror = LocalMirror.start()) {
      mirror.serveAll("/m/", files);
      Downloader downloader = new Downloader(List.of(mirror.base("/m/")), LocalMirror.specs(files),
          false, Duration.ofSeconds(5));
      Path folder = DatasetLocator.locate("mnist", null, dir, true, downloader, List.of());
      assertEquals(dir.resolve("dataset").resolve("mnist"), folder);
      assertEquals(6, DatasetLocator.load(folder, "mnist").train().count());
      // Now present: found without downloading again.
      assertEquals(folder, DatasetLocator.locate("mnist", null, dir, false, unusedDownloader(), List.of()));
      assertEquals(1, mirror.requests("/m/" + DatasetFiles.TRAIN_IMAGES + ".gz"));
    }
  }

  @Test
  void locateRejectsAnUnknownName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DatasetLocator.locate("cifar", null, dir, false, unusedDownloader()));
    assertEquals("unknown dataset 'cifar', expected one of mnist, fashion-mnist", e.getMessage());
  }

  @Test
  void loadsTheRealDataSets() {
    String root = System.getProperty("actorgrad.datasets", "");
    assumeTrue(!root.isBlank() && !root.equals("null") && Files.isDirectory(Path.of(root, "mnist")),
        "SKIPPED: real data sets not found; set ACTORGRAD_DATASETS=/work/shared/datasets to run this test");
    LoadedData mnist = DatasetLocator.load(Path.of(root, "mnist"), "mnist");
    assertEquals(10_000, mnist.train().count());
    assertEquals(10_000, mnist.test().count());
    assertEquals(784, mnist.test().features());
    assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9},
        java.util.stream.IntStream.range(0, 8).map(mnist.test()::label).toArray());
    LoadedData fashion = DatasetLocator.load(Path.of(root, "fashion-mnist"), "fashion-mnist");
    assertEquals(60_000, fashion.train().count());
    assertEquals(10_000, fashion.test().count());
    assertNotEquals(mnist.fingerprint(), fashion.fingerprint());
  }

  /** Many downloads, and the seed project's set-up, name the files train-images.idx3-ubyte. */
  @Test
  void findsTheDottedSpellingsRawAndGzip() throws Exception {
    for (boolean gzip : new boolean[] {false, true}) {
      Path folder = dir.resolve(gzip ? "dotted-gz" : "dotted-raw");
      IdxFiles.writeDataset(folder, 6, 2, gzip);
      for (String base : DatasetFiles.BASE_NAMES) {
        String suffix = gzip ? ".gz" : "";
        Files.move(folder.resolve(base + suffix), folder.resolve(DatasetFiles.dotted(base) + suffix));
      }
      assertTrue(Files.exists(folder.resolve("train-images.idx3-ubyte" + (gzip ? ".gz" : ""))));
      assertEquals(List.of(), DatasetFiles.missing(folder));
      LoadedData data = DatasetLocator.load(folder, "toy");
      assertEquals(6, data.train().count());
      assertEquals(2, data.test().count());
    }
  }

  /** The seed project's set-up puts the MNIST files straight into dataset/, not dataset/mnist/. */
  @Test
  void mnistFilesStraightInTheDatasetFolderAreFoundForMnistOnly() throws Exception {
    Path dataset = dir.resolve("dataset");
    IdxFiles.writeDataset(dataset, 6, 2, false);
    for (String base : DatasetFiles.BASE_NAMES) {
      Files.move(dataset.resolve(base), dataset.resolve(DatasetFiles.dotted(base)));
    }
    assertEquals(dataset, DatasetLocator.locate("mnist", null, dir, false, unusedDownloader(), List.of()));
    // Files cannot say which data set they hold: dataset/ never stands for fashion-mnist.
    DataException e = assertThrows(DataException.class,
        () -> DatasetLocator.locate("fashion-mnist", null, dir, false, unusedDownloader(), List.of()));
    assertContains(e.getMessage(), "fashion-mnist: the data set is not in " + dir.resolve("dataset/fashion-mnist").toAbsolutePath());
    // dataset/mnist/ still comes first.
    IdxFiles.writeDataset(dataset.resolve("mnist"), 3, 1, true);
    assertEquals(dataset.resolve("mnist"), DatasetLocator.locate("mnist", null, dir, false, unusedDownloader(), List.of()));
  }
}
