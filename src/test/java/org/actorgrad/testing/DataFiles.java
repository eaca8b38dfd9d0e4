package org.actorgrad.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Real data files written by tests, each kind from the same synthetic images so they can be
 * compared: IDX (the four canonical files), CSV (label, then pixels) and ImageFolder PNGs. Sample n
 * has label n % classes and pixels that depend on n and its label, so a small network learns
 * something from them.
 */
public final class DataFiles {
  private DataFiles() {}

  /** Labels n % classes for n in [from, from + count). */
  public static byte[] labels(int from, int count, int classes) {
    byte[] labels = new byte[count];
    for (int n = 0; n < count; n++) {
      labels[n] = (byte) ((from + n) % classes);
    }
    return labels;
  }

  /** Pixels (count, features) of samples from..from+count-1: a bright stripe placed by the label, plus noise. */
  public static byte[] pixels(int from, int count, int features, int classes) {
    byte[] pixels = new byte[count * features];
    for (int n = 0; n < count; n++) {
      int label = (from + n) % classes;
      for (int j = 0; j < features; j++) {
        int stripe = (j * classes / features) == label ? 200 : 0;
        pixels[n * features + j] = (byte) Math.min(255, stripe + ((from + n) * 31 + j * 7) % 50);
      }
    }
    return pixels;
  }

  /** The four IDX files (raw) of train and test sets of rows x cols images with the given labels' classes. */
  public static void writeIdx(Path folder, int train, int test, int rows, int cols, int classes) {
    int f = rows * cols;
    write(folder.resolve("train-images-idx3-ubyte"), idx(0x803, new int[] {train, rows, cols}, pixels(0, train, f, classes)));
    write(folder.resolve("train-labels-idx1-ubyte"), idx(0x801, new int[] {train}, labels(0, train, classes)));
    write(folder.resolve("t10k-images-idx3-ubyte"), idx(0x803, new int[] {test, rows, cols}, pixels(train, test, f, classes)));
    write(folder.resolve("t10k-labels-idx1-ubyte"), idx(0x801, new int[] {test}, labels(train, test, classes)));
  }

  /** A CSV file of {@code count} rows from sample {@code from}: label, then features pixels; with a header row if asked. */
  public static Path writeCsv(Path file, int from, int count, int features, int classes, boolean header) {
    StringBuilder sb = new StringBuilder();
    if (header) {
      sb.append("label");
      for (int j = 0; j < features; j++) {
        sb.append(",pixel").append(j);
      }
      sb.append('\n');
    }
    byte[] labels = labels(from, count, classes);
    byte[] pixels = pixels(from, count, features, classes);
    for (int n = 0; n < count; n++) {
      sb.append(labels[n] & 0xFF);
      for (int j = 0; j < features; j++) {
        sb.append(',').append(pixels[n * features + j] & 0xFF);
      }
      sb.append('\n');
    }
    return write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * DIR/train/&lt;name&gt;/NNNN.png and DIR/test/&lt;name&gt;/NNNN.png as 8-bit grey PNGs, class k in the
   * folder names.get(k) (names given in class order, so they must sort in that order).
   */
  public static void writePngFolders(Path dir, int train, int test, int rows, int cols, List<String> names) {
    int classes = names.size();
    for (String part : List.of("train", "test")) {
      int from = part.equals("train") ? 0 : train;
      int count = part.equals("train") ? train : test;
      byte[] labels = labels(from, count, classes);
      byte[] pixels = pixels(from, count, rows * cols, classes);
      for (int n = 0; n < count; n++) {
        byte[] one = java.util.Arrays.copyOfRange(pixels, n * rows * cols, (n + 1) * rows * cols);
        writeGreyPng(dir.resolve(part).resolve(names.get(labels[n])).resolve(String.format("%04d.png", from + n)),
            one, rows, cols);
      }
    }
  }

  /** An 8-bit grey PNG of {@code pixels} (rows, cols). */
  public static Path writeGreyPng(Path file, byte[] pixels, int rows, int cols) {
    BufferedImage image = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setDataElements(0, 0, cols, rows, pixels);
    return writeImage(file, image, "png");
  }

  /** Writes {@code image} in {@code format} (png, jpg, bmp) to {@code file}. */
  public static Path writeImage(Path file, BufferedImage image, String format) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (!ImageIO.write(image, format, file.toFile())) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] idx(int magic, int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    return b.put(data).array();
  }

  private static Path write(Path file, byte[] content) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A valid PNG signature and IHDR (8-bit grey) declaring rows x cols, one short IDAT, IEND. */
  public static byte[] pngDeclaring(int rows, int cols) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", java.nio.ByteBuffer.allocate(13).putInt(cols).putInt(rows).put((byte) 8).put((byte) 0)
        .put((byte) 0).put((byte) 0).put((byte) 0).array());
    java.util.zip.Deflater deflater = new java.util.zip.Deflater();
    deflater.setInput(new byte[64]); // a few rows' worth: the rest is "missing", as in a bomb's long zero runs
    deflater.finish();
    byte[] z = new byte[256];
    int n = deflater.deflate(z);
    chunk(out, "IDAT", java.util.Arrays.copyOf(z, n));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
