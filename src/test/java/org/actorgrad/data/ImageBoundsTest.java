package org.actorgrad.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.actorgrad.testing.DataFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image files are untrusted: a PNG of about a hundred bytes that declares 20,000 x 20,000 pixels
 * (a decompression bomb) is refused from its header, before ImageIO allocates its 400 MB; and a
 * folder's total is computed without int overflow. Both used to escape the one-line handler (an
 * OutOfMemoryError, an ArithmeticException).
 */
class ImageBoundsTest {
  @TempDir Path dir;

  @Test
  void aPngDeclaringMorePixelsThanTheLimitIsRefusedBeforeDecoding() throws Exception {
    Path bomb = Files.write(dir.resolve("bomb.png"), greyPngHeader(20_000, 20_000));
    assertTrue(Files.size(bomb) < 200, "a small file: " + Files.size(bomb));
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    ImagePixels.read(DataFiles.writeGreyPng(dir.resolve("warm.png"), new byte[4], 2, 2), 1); // load ImageIO's classes
    long before = threads.getCurrentThreadAllocatedBytes();
    DataException e = assertThrows(DataException.class, () -> ImagePixels.read(bomb, 1));
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertEquals(bomb + ": an image of 20000x20000 (HxW), 400,000,000 pixels; expected at most 16,777,216 "
        + "(4096x4096): shrink it first", e.getMessage());
    assertTrue(allocated < 16L << 20, "allocated " + allocated + " bytes reading a bomb's header");
  }

  @Test
  void anImageAtTheLimitsSidesButWithinItsAreaIsRead() throws Exception {
    // 1 x 16,777,216 would pass; a small wide one shows the area, not a side, is bounded.
    Path wide = DataFiles.writeGreyPng(dir.resolve("wide.png"), new byte[5000], 1, 5000);
    assertEquals(5000, ImagePixels.read(wide, 1).cols());
    Path tall = Files.write(dir.resolve("tall.png"), greyPngHeader(4097, 4096));
    DataException e = assertThrows(DataException.class, () -> ImagePixels.read(tall, 3));
    assertTrue(e.getMessage().contains("an image of 4097x4096 (HxW), 16,781,312 pixels"), e.getMessage());
  }

  @Test
  void aBombInAnImageFolderIsNamed() throws Exception {
    DataFiles.writePngFolders(dir, 6, 3, 2, 2, List.of("ant", "bee"));
    Path bomb = Files.write(dir.resolve("train/bee/bomb.png"), greyPngHeader(30_000, 30_000));
    DataException e = assertThrows(DataException.class, () -> ImageFolders.load(dir, 1, null, "x"));
    assertTrue(e.getMessage().startsWith(bomb + ": an image of 30000x30000 (HxW)"), e.getMessage());
  }

  @Test
  void aFolderWhoseImagesWouldOverflowOneArrayIsOneLine() {
    // 60 images resized to 4096x4096 in 3 channels: 3,019,898,880 bytes, past an int.
    DataFiles.writePngFolders(dir, 60, 3, 2, 2, List.of("ant", "bee"));
    DataException e = assertThrows(DataException.class,
        () -> ImageFolders.load(dir, 3, new int[] {4096, 4096}, "x"));
    assertEquals(dir.resolve("train") + ": 60 images of 3x4096x4096 take 3,019,898,880 bytes, more than one array"
        + " holds (2147483639): use a smaller --resize or fewer images", e.getMessage());
  }

  @Test
  void aResizeBeyondTheLimitIsRefused() {
    ImagePixels.Decoded d = new ImagePixels.Decoded(1, 2, 2, new byte[4], false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ImagePixels.resized(d, 5000, 5000));
    assertEquals("a size of 5000x5000 (HxW), 25,000,000 pixels; expected at most 16,777,216 (4096x4096)",
        e.getMessage());
  }

  private static byte[] greyPngHeader(int rows, int cols) {
    return DataFiles.pngDeclaring(rows, cols);
  }
}
