package org.actorgrad.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds IDX files for tests: well-formed ones from seeded content, and raw headers to break them. */
final class IdxFiles {
  private IdxFiles() {}

  /** Pixel (i, j) of image n is (n * 31 + j * 7) mod 256: every byte value occurs, no two images alike. */
  static byte[] pixels(int count, int rows, int cols) {
    byte[] pixels = new byte[count * rows * cols];
    for (int n = 0; n < count; n++) {
      for (int j = 0; j < rows * cols; j++) {
        pixels[n * rows * cols + j] = (byte) (n * 31 + j * 7);
      }
    }
    return pixels;
  }

  static byte[] labels(int count) {
    byte[] labels = new byte[count];
    for (int n = 0; n < count; n++) {
      labels[n] = (byte) ((n * 3) % 10);
    }
    return labels;
  }

  static byte[] imagesIdx(int count, int rows, int cols, byte[] pixels) {
    return concat(header(2051, count, rows, cols), pixels);
  }

  static byte[] labelsIdx(int count, byte[] labels) {
    return concat(header(2049, count), labels);
  }

  static byte[] header(int magic, int... dims) {
    ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length); // big-endian, as IDX wants
    buffer.putInt(magic);
    for (int d : dims) {
      buffer.putInt(d);
    }
    return buffer.array();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Path write(Path file, byte[] content) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a complete small data set (train: trainCount, test: testCount, 4x3 images) into folder. */
  static void writeDataset(Path folder, int trainCount, int testCount, boolean gzip) {
    writePart(folder, DatasetFiles.TRAIN_IMAGES, DatasetFiles.TRAIN_LABELS, trainCount, gzip);
    writePart(folder, DatasetFiles.TEST_IMAGES, DatasetFiles.TEST_LABELS, testCount, gzip);
  }

  private static void writePart(Path folder, String images, String labels, int count, boolean gzip) {
    byte[] imageFile = imagesIdx(count, 4, 3, pixels(count, 4, 3));
    byte[] labelFile = labelsIdx(count, labels(count));
    write(folder.resolve(images + (gzip ? ".gz" : "")), gzip ? gzip(imageFile) : imageFile);
    write(folder.resolve(labels + (gzip ? ".gz" : "")), gzip ? gzip(labelFile) : labelFile);
  }
}
