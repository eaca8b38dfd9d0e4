package org.actorgrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.actorgrad.testing.DataFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** torchvision's ImageFolder layout, read by ImageIO: grey or RGB, one size or resized. */
class ImageFoldersTest {
  @TempDir Path dir;

  private static final List<String> NAMES = List.of("ant", "bee", "cat");

  @Test
  void greyPngsGiveBackTheirPixelsExactlyWithClassesFromTheFolders() {
    DataFiles.writePngFolders(dir, 12, 6, 5, 4, NAMES);
    LoadedData d = ImageFolders.load(dir, 1, null, "bugs");
    assertEquals(NAMES, d.classNames());
    assertEquals(3, d.classes());
    assertEquals(5, d.train().rows());
    assertEquals(4, d.train().cols());
    assertEquals(12, d.train().count());
    // Files sort by class folder, then name: class 0's samples 0, 3, 6, 9 come first.
    byte[] all = DataFiles.pixels(0, 12, 20, 3);
    assertArrayEquals(java.util.Arrays.copyOfRange(all, 3 * 20, 4 * 20),
        java.util.Arrays.copyOfRange(d.train().pixels(), 20, 40));
    assertEquals(0, d.train().label(3));
    assertEquals(1, d.train().label(4));
    assertEquals(6, d.test().count());
    assertEquals(d.fingerprint(), ImageFolders.load(dir, 1, null, "other name").fingerprint());
  }

  @Test
  void colourIsKeptAsThreePlanesOrMadeGreyByLuma() {
    BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    rgb.setRGB(0, 0, 0xFF8040);
    rgb.setRGB(1, 0, 0x00FF00);
    for (String k : NAMES.subList(0, 2)) {
      DataFiles.writeImage(dir.resolve("train/" + k + "/a.png"), rgb, "png");
      DataFiles.writeImage(dir.resolve("test/" + k + "/a.png"), rgb, "png");
    }
    LoadedData colour = ImageFolders.load(dir, 3, null, "c");
    assertEquals(3, colour.train().channels());
    // CHW: red plane, green plane, blue plane.
    assertArrayEquals(new byte[] {(byte) 0xFF, 0, (byte) 0x80, (byte) 0xFF, 0x40, 0}, 
        java.util.Arrays.copyOf(colour.train().pixels(), 6));
    LoadedData grey = ImageFolders.load(dir, 1, null, "c");
    // round(0.299*255 + 0.587*128 + 0.114*64) = round(158.9) = 159; green: round(0.587*255) = 150
    assertArrayEquals(new byte[] {(byte) 159, (byte) 150}, java.util.Arrays.copyOf(grey.train().pixels(), 2));
    assertNotEquals(grey.fingerprint(), colour.fingerprint());
  }

  @Test
  void imagesOfAnotherSizeAreRefusedOrResized() {
    DataFiles.writePngFolders(dir, 6, 3, 4, 4, NAMES);
    Path odd = DataFiles.writeGreyPng(dir.resolve("train/bee/zz.png"), new byte[8 * 8], 8, 8);
    DataException e = assertThrows(DataException.class, () -> ImageFolders.load(dir, 1, null, "x"));
    assertTrue(e.getMessage().startsWith(odd + ": image of 8x8 (HxW), expected the 4x4 of "), e.getMessage());
    assertTrue(e.getMessage().endsWith("; give --resize HxW to resize every image"), e.getMessage());
    LoadedData d = ImageFolders.load(dir, 1, new int[] {2, 2}, "x");
    assertEquals(2, d.train().rows());
    assertEquals(7, d.train().count());
  }

  @Test
  void aTestClassTrainingLacksIsNamed() throws Exception {
    DataFiles.writePngFolders(dir, 6, 3, 2, 2, NAMES);
    Files.createDirectories(dir.resolve("test/dog"));
    DataException e = assertThrows(DataException.class, () -> ImageFolders.load(dir, 1, null, "x"));
    assertEquals(dir.resolve("test/dog") + ": a class the training folder lacks, expected one of ant, bee, cat",
        e.getMessage());
  }

  @Test
  void aFileImageIoCannotReadIsNamed() throws Exception {
    DataFiles.writePngFolders(dir, 6, 3, 2, 2, NAMES);
    Path broken = Files.writeString(dir.resolve("train/ant/broken.png"), "not a png");
    DataException e = assertThrows(DataException.class, () -> ImageFolders.load(dir, 1, null, "x"));
    assertTrue(e.getMessage().startsWith(broken + ": "), e.getMessage());
  }
}
