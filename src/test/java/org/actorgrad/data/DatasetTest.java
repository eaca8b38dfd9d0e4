package org.actorgrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatasetTest {
  private static Dataset sample() {
    return Dataset.of("toy", 4, 3, IdxFiles.pixels(6, 4, 3), IdxFiles.labels(6));
  }

  @Test
  void describesItsShape() {
    Dataset data = sample();
    assertEquals("toy", data.name());
    assertEquals(6, data.count());
    assertEquals(4, data.rows());
    assertEquals(3, data.cols());
    assertEquals(12, data.features());
    assertEquals(9, data.label(3)); // (3 * 3) % 10
  }

  @Test
  void fillScalesTheChosenImagesAndLeavesTheRestOfTheBuffer() {
    Dataset data = sample();
    byte[] pixels = data.pixels();
    float[] x = new float[3 * 12]; // (3, features): room for a full batch, filled with 2
    int[] y = new int[3];
    java.util.Arrays.fill(x, -1f);
    java.util.Arrays.fill(y, -1);
    int[] indices = {5, 0, 4, 2};
    data.fill(x, y, indices, 1, 2); // samples 0 and 4
    for (int j = 0; j < 12; j++) {
      assertEquals((pixels[j] & 0xFF) / 255f, x[j]);
      assertEquals((pixels[4 * 12 + j] & 0xFF) / 255f, x[12 + j]);
      assertEquals(-1f, x[24 + j]);
    }
    assertArrayEquals(new int[] {data.label(0), data.label(4), -1}, y);
  }

  @Test
  void scalingIsExactlyValueOver255ForEveryByte() {
    byte[] pixels = new byte[256];
    for (int v = 0; v < 256; v++) {
      pixels[v] = (byte) v;
    }
    Dataset data = Dataset.of("all-bytes", 16, 16, pixels, new byte[1]);
    float[] x = new float[256];
    data.fill(x, new int[1], new int[] {0}, 0, 1);
    for (int v = 0; v < 256; v++) {
      assertEquals(Float.floatToIntBits(v / 255f), Float.floatToIntBits(x[v]), "value " + v);
    }
    assertEquals(0f, x[0]);
    assertEquals(1f, x[255]);
  }

  @Test
  void fillRejectsBadArguments() {
    Dataset data = sample();
    float[] x = new float[2 * 12];
    int[] y = new int[2];
    IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
        () -> data.fill(new float[23], y, new int[] {0, 1}, 0, 2));
    assertTrue(small.getMessage().contains("expected x of at least 24 floats"), small.getMessage());
    assertThrows(IllegalArgumentException.class, () -> data.fill(x, y, new int[] {0, 1}, 1, 2));
    IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
        () -> data.fill(x, y, new int[] {0, 6}, 0, 2));
    assertTrue(outside.getMessage().contains("expected sample indices in [0, 6), found 6"), outside.getMessage());
  }

  @Test
  void subsetCopiesTheChosenSamplesInOrder() {
    Dataset data = sample();
    Dataset part = data.subset(new int[] {4, 1}, "part");
    assertEquals("part", part.name());
    assertEquals(2, part.count());
    assertEquals(data.label(4), part.label(0));
    assertEquals(data.label(1), part.label(1));
    float[] fromWhole = new float[24];
    float[] fromPart = new float[24];
    data.fill(fromWhole, new int[2], new int[] {4, 1}, 0, 2);
    part.fill(fromPart, new int[2], new int[] {0, 1}, 0, 2);
    assertArrayEquals(fromWhole, fromPart);
    part.pixels()[0]++;
    assertEquals(data.pixels()[4 * 12], (byte) (part.pixels()[0] - 1), "a copy, not a view");
  }

  @Test
  void rawAccessSharesTheArrays() {
    byte[] pixels = IdxFiles.pixels(2, 2, 2);
    byte[] labels = {1, 2};
    Dataset data = Dataset.of("shared", 2, 2, pixels, labels);
    assertSame(pixels, data.pixels());
    assertSame(labels, data.labels());
  }

  @Test
  void ofValidates() {
    IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
        () -> Dataset.of("bad", 2, 2, new byte[7], new byte[2]));
    assertEquals("bad: expected 8 pixel bytes for 2 labels of 2x2 images, found 7", length.getMessage());
    IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
        () -> Dataset.of("bad", 1, 1, new byte[2], new byte[] {3, 10}));
    assertEquals("bad: expected labels 0-9, found 10 at index 1", label.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Dataset.of("bad", 0, 1, new byte[0], new byte[0]));
  }
}
