package org.actorgrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.actorgrad.testing.DataFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV data sets: label then pixels per row, with or without a header, shape given or square. */
class CsvDataTest {
  @TempDir Path dir;

  @Test
  void readsTheSameImagesAsTheIdxFilesWithOrWithoutAHeader() {
    DataFiles.writeIdx(dir.resolve("idx"), 30, 12, 4, 4, 10);
    Path train = DataFiles.writeCsv(dir.resolve("h/train.csv"), 0, 30, 16, 10, true);
    Path test = DataFiles.writeCsv(dir.resolve("h/test.csv"), 30, 12, 16, 10, true);
    Path trainPlain = DataFiles.writeCsv(dir.resolve("p/train.csv"), 0, 30, 16, 10, false);
    Path testPlain = DataFiles.writeCsv(dir.resolve("p/test.csv"), 30, 12, 16, 10, false);
    LoadedData idx = DatasetLocator.load(dir.resolve("idx"), "toy");
    LoadedData csv = CsvData.load(train, test, null, 0, "toy");
    LoadedData plain = CsvData.load(trainPlain, testPlain, null, 0, "toy");
    assertEquals(4, csv.train().rows());
    assertEquals(4, csv.train().cols());
    assertEquals(1, csv.train().channels());
    assertEquals(10, csv.classes());
    assertArrayEquals(idx.train().pixels(), csv.train().pixels());
    assertArrayEquals(idx.train().labels(), csv.train().labels());
    assertArrayEquals(idx.test().pixels(), csv.test().pixels());
    assertArrayEquals(idx.test().labels(), csv.test().labels());
    assertEquals(csv.fingerprint(), plain.fingerprint(), "the identity is the data, not its text");
    assertNotEquals(idx.fingerprint(), csv.fingerprint());
  }

  @Test
  void aByteOrderMarkDoesNotTurnTheFirstRowIntoAHeader() throws Exception {
    Path train = DataFiles.writeCsv(dir.resolve("train.csv"), 0, 30, 16, 10, false);
    Path test = DataFiles.writeCsv(dir.resolve("test.csv"), 30, 12, 16, 10, false);
    Path marked = dir.resolve("marked.csv");
    byte[] text = Files.readAllBytes(train);
    byte[] withBom = new byte[text.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF; // Excel's "CSV UTF-8"
    System.arraycopy(text, 0, withBom, 3, text.length);
    Files.write(marked, withBom);
    LoadedData plain = CsvData.load(train, test, null, 0, "toy");
    LoadedData bom = CsvData.load(marked, test, null, 0, "toy");
    assertEquals(30, bom.train().count());
    assertArrayEquals(plain.train().pixels(), bom.train().pixels());
    assertArrayEquals(plain.train().labels(), bom.train().labels());
  }

  @Test
  void theShapeIsGivenWhenThePixelCountIsNoSquare() {
    Path train = DataFiles.writeCsv(dir.resolve("train.csv"), 0, 6, 12, 3, false);
    Path test = DataFiles.writeCsv(dir.resolve("test.csv"), 6, 3, 12, 3, false);
    DataException e = assertThrows(DataException.class, () -> CsvData.load(train, test, null, 0, "x"));
    assertEquals(train + ": 12 pixels per row is not a square image; give the shape with --shape HxW"
        + " (or CxHxW for C channels, stored channel by channel)", e.getMessage());
    LoadedData d = CsvData.load(train, test, CsvData.parseShape("3x4", "--shape"), 0, "x");
    assertEquals(3, d.train().rows());
    assertEquals(4, d.train().cols());
    LoadedData rgb = CsvData.load(train, test, CsvData.parseShape("3x2x2", "--shape"), 0, "x");
    assertEquals(3, rgb.train().channels());
    assertEquals(12, rgb.train().features());
    assertEquals(train + ": rows of 12 pixels after the label, expected 25 for --shape 5x5",
        assertThrows(DataException.class, () -> CsvData.load(train, test, new int[] {1, 5, 5}, 0, "x")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> CsvData.parseShape("28by28", "--shape"));
  }

  @Test
  void aBadRowIsNamedByItsRowAndLine() throws Exception {
    Path test = DataFiles.writeCsv(dir.resolve("test.csv"), 0, 2, 4, 2, false);
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "label,a,b,c,d\n1,0,0,0,0\n0,1,2,x7,4\n");
    assertEquals(bad + ": row 2 (line 3), column 4: 'x7' is not an integer 0-255",
        assertThrows(DataException.class, () -> CsvData.load(bad, test, null, 0, "x")).getMessage());
    Files.writeString(bad, "1,0,0,0,0\n0,1,2,3\n");
    assertEquals(bad + ": row 2 (line 2) has 4 values, expected 5 like row 1",
        assertThrows(DataException.class, () -> CsvData.load(bad, test, null, 0, "x")).getMessage());
    Files.writeString(bad, "1,0,0,0,256\n");
    assertEquals(bad + ": row 1 (line 1), column 5: '256' is not an integer 0-255",
        assertThrows(DataException.class, () -> CsvData.load(bad, test, null, 0, "x")).getMessage());
    Files.writeString(bad, "label,a,b,c,d\nlabel,a,b,c,d\n1,0,0,0,0\n");
    assertEquals(bad + ": row 1 (line 2), column 1: 'label' is not an integer 0-255",
        assertThrows(DataException.class, () -> CsvData.load(bad, test, null, 0, "x")).getMessage(),
        "only the first row may be a header");
    Files.writeString(bad, "label,a,b,c,d\n");
    assertEquals(bad + ": holds no data rows, expected one image per row",
        assertThrows(DataException.class, () -> CsvData.load(bad, test, null, 0, "x")).getMessage());
    assertEquals(dir.resolve("none.csv") + ": no such file, expected a CSV file of one image per row",
        assertThrows(DataException.class, () -> CsvData.load(dir.resolve("none.csv"), test, null, 0, "x")).getMessage());
  }

  @Test
  void labelsBeyondTheClassesAreRejected() {
    Path train = DataFiles.writeCsv(dir.resolve("train.csv"), 0, 30, 4, 26, false);
    Path test = DataFiles.writeCsv(dir.resolve("test.csv"), 30, 5, 4, 26, false);
    assertEquals(26, CsvData.load(train, test, null, 0, "x").classes());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsvData.load(train, test, null, 20, "x")); // --classes typed: a usage error
    assertEquals(train + " (first column): label 20 at index 20, expected a class 0-19 (--classes 20)", e.getMessage());
  }

  @Test
  void aLargeFileIsReadInAHeapOfTwiceItsSize() throws Exception {
    // 60,000 rows of 784 pixels like MNIST's train.csv (~94 MB of text here), read by a child JVM
    // whose heap is 2x the file: holding the text, or a String per value, would not fit.
    Path big = dir.resolve("big.csv");
    StringBuilder row = new StringBuilder("3");
    for (int j = 0; j < 784; j++) {
      row.append(',').append(j % 10);
    }
    row.append('\n');
    try (var out = Files.newBufferedWriter(big)) {
      for (int n = 0; n < 60_000; n++) {
        out.write(row.toString());
      }
    }
    long size = Files.size(big);
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(javaBin, "-Xmx" + (2 * size >> 20) + "m", "-cp",
        System.getProperty("java.class.path"), CsvHeapMain.class.getName(), big.toString())
        .redirectErrorStream(true).start();
    String output;
    try (var in = child.getInputStream()) {
      output = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
    }
    if (!child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
      child.destroyForcibly();
      throw new AssertionError("child JVM did not finish within 120 s");
    }
    assertEquals(0, child.exitValue(), output);
    assertEquals("60000 rows of 785 values, value[1] 0", output);
  }
}
