package org.actorgrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.actorgrad.testing.DataFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX sets of any class count (EMNIST letters: 26): K from the data, --classes or classes.txt. */
class AnyIdxTest {
  @TempDir Path dir;

  @Test
  void takesTheClassCountFromTheLabels() {
    DataFiles.writeIdx(dir, 52, 26, 5, 4, 26);
    LoadedData d = DatasetLocator.load(dir, "letters");
    assertEquals(26, d.classes());
    assertEquals(26, d.test().classes());
    assertEquals(25, d.train().label(25));
    assertEquals(20, d.train().features());
    assertEquals(ClassList.numbers(26), d.classNames());
    assertArrayEquals(DataFiles.pixels(0, 52, 20, 26), d.train().pixels());
  }

  @Test
  void namesComeFromClassesTxtWhoseCountIsK() throws Exception {
    DataFiles.writeIdx(dir, 52, 26, 5, 4, 26);
    List<String> letters = new java.util.ArrayList<>();
    for (char c = 'a'; c <= 'z'; c++) {
      letters.add(String.valueOf(c));
    }
    // One more name than labels seen: K follows the names (a class may be absent from the data).
    letters.add("unused");
    Files.write(dir.resolve("classes.txt"), (String.join("\n", letters) + "\n\n").getBytes(StandardCharsets.UTF_8));
    LoadedData d = DatasetLocator.load(dir, "letters");
    assertEquals(27, d.classes());
    assertEquals("z", d.classNames().get(25));
    IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class, () -> DatasetLocator.load(dir, "letters", 26)); // --classes typed: a usage error
    assertEquals(dir.resolve("classes.txt") + ": 27 class names, but --classes says 26", mismatch.getMessage());
  }

  @Test
  void classesGivenMustCoverEveryLabel() {
    DataFiles.writeIdx(dir, 52, 26, 5, 4, 26);
    assertEquals(47, DatasetLocator.load(dir, "balanced", 47).classes());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetLocator.load(dir, "letters", 10)); // --classes typed: a usage error
    assertEquals(dir.resolve("train-labels-idx1-ubyte") + ": label 10 at index 10, expected a class 0-9 (--classes 10)",
        e.getMessage());
  }

  @Test
  void fingerprintIsTheFilesAsBeforeWhateverTheClassCount() throws Exception {
    DataFiles.writeIdx(dir, 49, 49, 3, 3, 49);
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    for (String base : DatasetFiles.BASE_NAMES) {
      sha.update(Files.readAllBytes(dir.resolve(base)));
    }
    assertEquals(java.util.HexFormat.of().formatHex(sha.digest()), DatasetLocator.load(dir, "kmnist49").fingerprint());
  }

  @Test
  void aFolderIsLocatedWithoutAKnownName() {
    DataFiles.writeIdx(dir, 4, 2, 2, 2, 2);
    assertEquals(dir, DatasetLocator.locate("my-own-set", dir, dir, false, null));
    assertThrows(IllegalArgumentException.class, () -> DatasetLocator.locate("my-own-set", null, dir, false, null));
  }

  @Test
  void badClassesTxtIsNamedWithItsLine() throws Exception {
    DataFiles.writeIdx(dir, 4, 2, 2, 2, 2);
    Files.writeString(dir.resolve("classes.txt"), "cat\n\ndog\n");
    DataException e = assertThrows(DataException.class, () -> DatasetLocator.load(dir, "pets"));
    assertEquals(dir.resolve("classes.txt") + ": line 2 is blank, expected one class name per line", e.getMessage());
    Files.writeString(dir.resolve("classes.txt"), "cat\ncat\n");
    assertEquals(dir.resolve("classes.txt") + ": line 2 repeats the class name 'cat'",
        assertThrows(DataException.class, () -> DatasetLocator.load(dir, "pets")).getMessage());
  }

  @Test
  void colourImagesOfFourDimensionsComeChannelsFirst() throws Exception {
    // Two 1x2 RGB images stored (N, H, W, C) as numpy writes them: pixel by pixel, r g b.
    byte[] hwc = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    byte[] images = IdxFiles.concat(IdxFiles.header(2052, 2, 1, 2, 3), hwc);
    IdxFiles.write(dir.resolve("train-images-idx3-ubyte"), images);
    IdxFiles.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxFiles.gzip(images));
    IdxFiles.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.labelsIdx(2, new byte[] {0, 1}));
    IdxFiles.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labelsIdx(2, new byte[] {1, 0}));
    LoadedData d = DatasetLocator.load(dir, "rgb");
    assertEquals(3, d.train().channels());
    assertEquals(6, d.train().features());
    assertArrayEquals(new byte[] {1, 4, 2, 5, 3, 6, 7, 10, 8, 11, 9, 12}, d.train().pixels());
    assertArrayEquals(d.train().pixels(), d.test().pixels());
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    sha.update(images);
    sha.update(Files.readAllBytes(dir.resolve("train-labels-idx1-ubyte")));
    sha.update(images);
    sha.update(Files.readAllBytes(dir.resolve("t10k-labels-idx1-ubyte")));
    assertEquals(java.util.HexFormat.of().formatHex(sha.digest()), d.fingerprint(), "the files as stored");
  }

  @Test
  void fashionMnistKeepsItsNames() {
    DataFiles.writeIdx(dir, 20, 10, 2, 2, 10);
    assertEquals("Ankle boot", DatasetLocator.load(dir, "fashion-mnist").classNames().get(9));
    assertEquals("9", DatasetLocator.load(dir, "mnist").classNames().get(9));
  }
}
