package org.actorgrad.data;

import static org.actorgrad.data.IdxFiles.concat;
import static org.actorgrad.data.IdxFiles.gzip;
import static org.actorgrad.data.IdxFiles.header;
import static org.actorgrad.data.IdxFiles.imagesIdx;
import static org.actorgrad.data.IdxFiles.labelsIdx;
import static org.actorgrad.data.IdxFiles.pixels;
import static org.actorgrad.data.IdxFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir
  Path dir;

  private static MessageDigest digest() throws Exception {
    return MessageDigest.getInstance("SHA-256");
  }

  private String imagesError(Path file) {
    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file, digest()));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertTrue(e.getMessage().startsWith(file.toString() + ": "), "names the file: " + e.getMessage());
    return e.getMessage();
  }

  private String labelsError(Path file) {
    DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(file, digest()));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertTrue(e.getMessage().startsWith(file.toString() + ": "), "names the file: " + e.getMessage());
    return e.getMessage();
  }

  static void assertContains(String actual, String expected) {
    assertTrue(actual.contains(expected), "expected a message containing \"" + expected + "\", found \"" + actual + "\"");
  }

  @Test
  void readsRawAndGzipAlikeWhateverTheName() throws Exception {
    byte[] pixels = pixels(5, 4, 3);
    byte[] content = imagesIdx(5, 4, 3, pixels);
    Path raw = write(dir.resolve("images.gz"), content); // a misleading name: content decides
    Path gz = write(dir.resolve("images"), gzip(content));
    for (Path file : new Path[] {raw, gz}) {
      IdxReader.Images images = IdxReader.readImages(file, digest());
      assertEquals(5, images.count());
      assertEquals(4, images.rows());
      assertEquals(3, images.cols());
      assertArrayEquals(pixels, images.pixels());
    }
    byte[] labels = {0, 9, 3, 7};
    Path labelFile = write(dir.resolve("labels"), gzip(labelsIdx(4, labels)));
    assertArrayEquals(labels, IdxReader.readLabels(labelFile, digest()));
  }

  @Test
  void digestsTheDecompressedContent() throws Exception {
    byte[] content = imagesIdx(2, 2, 2, pixels(2, 2, 2));
    MessageDigest fromGzip = digest();
    IdxReader.readImages(write(dir.resolve("a"), gzip(content)), fromGzip);
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(content), fromGzip.digest());
  }

  @Test
  void readsMultiMemberGzipAndGrowsWhenTheTrailerGivesNoHint() throws Exception {
    // Two gzip members: the last trailer's ISIZE covers only the second, so the reader must grow.
    byte[] content = imagesIdx(3000, 28, 28, pixels(3000, 28, 28));
    int cut = 1000;
    byte[] twoMembers = concat(gzip(Arrays.copyOf(content, cut)),
        gzip(Arrays.copyOfRange(content, cut, content.length)));
    IdxReader.Images images = IdxReader.readImages(write(dir.resolve("multi.gz"), twoMembers), digest());
    assertArrayEquals(pixels(3000, 28, 28), images.pixels());
  }

  @Test
  void rejectsAMissingFile() {
    assertContains(imagesError(dir.resolve("nothing.gz")), "file not found, expected an IDX image file");
  }

  @Test
  void rejectsADirectory() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("train-images-idx3-ubyte.gz"));
    assertContains(imagesError(folder), "is a directory, expected an IDX image file");
  }

  @Test
  void rejectsAnEmptyFile() {
    Path file = write(dir.resolve("empty"), new byte[0]);
    assertContains(labelsError(file), "file is empty, expected an IDX label file");
  }

  @Test
  void rejectsAWrongMagic() {
    Path labels = write(dir.resolve("labels-as-images"), labelsIdx(3, new byte[] {1, 2, 3}));
    assertContains(imagesError(labels), "is an IDX label file (magic 2049), expected an IDX image file (magic 2051)");
    Path html = write(dir.resolve("page.gz"), gzip("<html><body>Not Found</body></html>".getBytes()));
    assertContains(imagesError(html), "starts with 0x3C68746D, not an IDX magic number");
  }

  @Test
  void rejectsAFileEndingInsideTheHeader() {
    Path file = write(dir.resolve("short"), Arrays.copyOf(header(2051, 1, 2, 2), 9));
    assertContains(imagesError(file), "ends inside the IDX header after 9 bytes, expected 16");
  }

  @Test
  void rejectsNonPositiveDimensions() {
    Path file = write(dir.resolve("zero"), header(2051, 0, 28, 28));
    assertContains(imagesError(file), "dimension 0 the size 0, expected a positive size");
    Path negative = write(dir.resolve("negative"), header(2051, 1, -1, 28));
    assertContains(imagesError(negative), "dimension 1 the size 4294967295");
  }

  @Test
  void rejectsARawFileShorterOrLongerThanItsHeader() {
    byte[] content = imagesIdx(3, 4, 3, pixels(3, 4, 3));
    Path shorter = write(dir.resolve("shorter"), Arrays.copyOf(content, content.length - 1));
    assertContains(imagesError(shorter), 
        "header claims 3 images of 4x3 (~36 bytes) but the file holds 51 bytes, expected 52");
    Path longer = write(dir.resolve("longer"), Arrays.copyOf(content, content.length + 1));
    assertContains(imagesError(longer), "but the file holds 53 bytes, expected 52");
  }

  @Test
  void aHugeClaimInARawFileIsRejectedFromTheFileSize() {
    byte[] content = concat(header(2051, Integer.MAX_VALUE, 28, 28), new byte[784]);
    Path file = write(dir.resolve("train-images-idx3-ubyte"), content);
    assertContains(imagesError(file), 
        "header claims 2147483647 images of 28x28 (~1.7 TB) but the file holds 800 bytes");
  }

  @Test
  void aHugeClaimInAGzipFileIsRejectedBeforeAllocating() {
    // 2^31 - 1 images: far more than deflate can expand this small file to.
    Path file = write(dir.resolve("train-images-idx3-ubyte.gz"),
        gzip(concat(header(2051, Integer.MAX_VALUE, 28, 28), new byte[784])));
    assertContains(imagesError(file), "header claims 2147483647 images of 28x28 (~1.7 TB) but a gzip file of");
    // Dimensions whose product overflows a long are still reported, not wrapped around.
    Path overflow = write(dir.resolve("overflow.gz"),
        gzip(header(2051, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE)));
    assertContains(imagesError(overflow), "header claims 2147483647 images of 2147483647x2147483647");
  }

  @Test
  void aClaimBeyondOneArrayIsRejectedEvenWhenDeflateCouldHoldIt() {
    // 3 MB of noise stays ~3 MB compressed, so deflate could expand it to ~3 GB: a claim of
    // 2^31 bytes passes that bound and must be stopped by the array limit.
    byte[] content = concat(header(2051, 1 << 19, 64, 64), noise(3_000_000));
    String message = imagesError(write(dir.resolve("big.gz"), gzip(content)));
    assertContains(message, "header claims 524288 images of 64x64 (~2.1 GB), more than one Java array can hold");
  }

  @Test
  void aLyingHeaderInGzipCostsOnlyTheDataThatArrives() {
    // The header claims 2000 images of 28x28 (1.5 MB) but only 100 follow: the reader grows from
    // a small buffer, then reports how far the data went.
    byte[] content = concat(header(2051, 2000, 28, 28), noise(100 * 784));
    Path file = write(dir.resolve("liar.gz"), gzip(content));
    assertContains(imagesError(file), "truncated: the data ends after 78400 of the 1568000 bytes the header claims");
  }

  private static byte[] noise(int length) {
    byte[] bytes = new byte[length];
    SeededRandom random = new SeededRandom(7);
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) random.nextLong();
    }
    return bytes;
  }

  @Test
  void rejectsGzipDataLongerThanItsHeader() {
    byte[] content = concat(imagesIdx(2, 2, 2, pixels(2, 2, 2)), new byte[] {1});
    Path file = write(dir.resolve("extra.gz"), gzip(content));
    assertContains(imagesError(file), "header claims 2 images of 2x2 (~8 bytes) but more data follows");
  }

  @Test
  void rejectsTruncatedGzip() {
    byte[] compressed = gzip(imagesIdx(50, 28, 28, pixels(50, 28, 28)));
    Path cutInData = write(dir.resolve("cut.gz"), Arrays.copyOf(compressed, compressed.length / 2));
    assertContains(imagesError(cutInData), "truncated");
    Path cutInTrailer = write(dir.resolve("trailer.gz"), Arrays.copyOf(compressed, compressed.length - 4));
    assertContains(imagesError(cutInTrailer), "truncated gzip data");
    Path onlyMagic = write(dir.resolve("magic.gz"), new byte[] {0x1f, (byte) 0x8b});
    assertContains(imagesError(onlyMagic), "truncated gzip data");
  }

  @Test
  void rejectsCorruptGzip() {
    byte[] compressed = gzip(imagesIdx(50, 28, 28, pixels(50, 28, 28)));
    byte[] badCrc = compressed.clone();
    int crcAt = badCrc.length - 8;
    badCrc[crcAt] ^= 0x55;
    assertContains(imagesError(write(dir.resolve("crc.gz"), badCrc)), "corrupt gzip data");
    byte[] badData = compressed.clone();
    for (int i = 20; i < 40; i++) {
      badData[i] = (byte) 0xFF;
    }
    String message = imagesError(write(dir.resolve("data.gz"), badData));
    assertTrue(message.contains("corrupt gzip data") || message.contains("truncated"), message);
  }

  @Test
  void usesTheTrailerSizeOnlyAsAHint() {
    // A correct file whose ISIZE was tampered with still reads (ISIZE is not checked by the JDK
    // until the end, where it then fails as corrupt): either way, no wrong data gets through.
    byte[] compressed = gzip(imagesIdx(10, 4, 4, pixels(10, 4, 4)));
    ByteBuffer.wrap(compressed).order(ByteOrder.LITTLE_ENDIAN).putInt(compressed.length - 4, 1 << 30);
    assertContains(imagesError(write(dir.resolve("isize.gz"), compressed)), "corrupt gzip data");
  }

  @Test
  void readsEveryLabelByteUnchecked() throws Exception {
    // The class count is known only with both label files (and --classes or classes.txt), so the
    // loader checks labels against it; the reader hands back any byte.
    Path unsigned = write(dir.resolve("labels255"), gzip(labelsIdx(2, new byte[] {10, (byte) 255})));
    assertArrayEquals(new byte[] {10, (byte) 255}, IdxReader.readLabels(unsigned, digest()));
  }
}
