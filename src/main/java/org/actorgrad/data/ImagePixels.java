package org.actorgrad.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An image file read by the JDK's ImageIO (PNG, JPEG, GIF, BMP) as 8-bit pixels, channel-major
 * (CHW): 1 channel (grey) or 3 (red, green, blue planes).
 *
 * <p>Conversions, stated because they decide the numbers trained on: a grey image's samples are
 * taken as stored (scaled to 8 bits if deeper), never passed through a colour conversion, so a grey
 * PNG of MNIST pixels gives back exactly those pixels; a colour image becomes grey by the ITU-R
 * BT.601 luma, round(0.299 R + 0.587 G + 0.114 B); a grey image asked for 3 channels repeats its
 * grey in each; alpha is ignored.
 *
 * <p>Image files are untrusted: a PNG of a few hundred bytes can declare 50,000 x 50,000 pixels
 * and ImageIO would allocate all of them (a decompression bomb, ending in an OutOfMemoryError that
 * no one-line handler sees). So the size is read from the header by an {@link ImageReader} first,
 * and an image of more than {@link #MAX_PIXELS} pixels is refused before anything is decoded.
 */
public final class ImagePixels {
  /**
   * The most pixels (rows x cols) an image may have: 16,777,216, the area of 4096 x 4096. Decoded
   * as ImageIO does (4 bytes a pixel) that is 64 MiB, within a default heap; classification
   * images are far smaller (MNIST's are 784 pixels).
   */
  public static final long MAX_PIXELS = 4096L * 4096L;

  /** Printed where a colour image is made grey. */
  public static final String GREY_RULE = "colour to grey by BT.601 luma 0.299 R + 0.587 G + 0.114 B";

  /** Pixels (channels, rows, cols) unsigned, and whether the source had colour. */
  public record Decoded(int channels, int rows, int cols, byte[] pixels, boolean hadColour) {}

  private ImagePixels() {}

  /**
   * Reads {@code file} as {@code channels} (1 or 3) channels.
   *
   * @throws DataException naming the file when it is missing or not an image ImageIO can read
   */
  public static Decoded read(Path file, int channels) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("expected 1 or 3 channels, found " + channels);
    }
    if (!Files.isRegularFile(file)) {
      throw new DataException(file + ": no such file");
    }
    BufferedImage image;
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new DataException(file + ": not an image the JDK can read, expected PNG, JPEG, GIF or BMP");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        checkSize(file, reader.getHeight(0), reader.getWidth(0)); // from the header: nothing decoded yet
        image = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof DataException d) {
        throw d;
      }
      throw new DataException(file + ": cannot be read as an image: " + e.getMessage());
    }
    return decode(image, channels);
  }

  /**
   * @throws DataException naming {@code file} when rows x cols exceeds {@link #MAX_PIXELS}
   *     (or a side is not positive)
   */
  static void checkSize(Path file, int rows, int cols) {
    long pixels = (long) rows * cols;
    if (rows <= 0 || cols <= 0 || pixels > MAX_PIXELS) {
      throw new DataException(String.format(Locale.ROOT,
          "%s: an image of %dx%d (HxW), %,d pixels; expected at most %,d (4096x4096): shrink it first", file,
          rows, cols, pixels, MAX_PIXELS));
    }
  }

  /** {@code image} as {@code channels} (1 or 3) planes of 8-bit pixels. */
  public static Decoded decode(BufferedImage image, int channels) {
    int rows = image.getHeight();
    int cols = image.getWidth();
    int plane = rows * cols;
    byte[] out = new byte[Math.multiplyExact(plane, channels)]; // (channels, rows, cols)
    ColorModel model = image.getColorModel();
    boolean grey = model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
        && !(model instanceof java.awt.image.IndexColorModel);
    if (grey) {
      Raster raster = image.getRaster();
      int bits = model.getComponentSize(0);
      long max = (1L << bits) - 1;
      for (int y = 0; y < rows; y++) {
        for (int x = 0; x < cols; x++) {
          int sample = raster.getSample(x, y, 0);
          int v = bits == 8 ? sample : (int) ((sample * 255L + max / 2) / max);
          for (int c = 0; c < channels; c++) {
            out[c * plane + y * cols + x] = (byte) v;
          }
        }
      }
      return new Decoded(channels, rows, cols, out, false);
    }
    for (int y = 0; y < rows; y++) {
      for (int x = 0; x < cols; x++) {
        int rgb = image.getRGB(x, y); // sRGB, whatever the stored colour model
        int r = (rgb >>> 16) & 0xFF;
        int g = (rgb >>> 8) & 0xFF;
        int b = rgb & 0xFF;
        int i = y * cols + x;
        if (channels == 1) {
          out[i] = (byte) ((299 * r + 587 * g + 114 * b + 500) / 1000);
        } else {
          out[i] = (byte) r;
          out[plane + i] = (byte) g;
          out[2 * plane + i] = (byte) b;
        }
      }
    }
    return new Decoded(channels, rows, cols, out, true);
  }

  /** Each channel of {@code d} resized to rows x cols by {@link AreaResize}; {@code d} itself if already that size. */
  public static Decoded resized(Decoded d, int rows, int cols) {
    if (d.rows() == rows && d.cols() == cols) {
      return d;
    }
    if (rows <= 0 || cols <= 0 || (long) rows * cols > MAX_PIXELS) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "a size of %dx%d (HxW), %,d pixels; expected at most %,d (4096x4096)", rows, cols, (long) rows * cols,
          MAX_PIXELS));
    }
    int srcPlane = d.rows() * d.cols();
    byte[] out = new byte[Math.multiplyExact(rows * cols, d.channels())];
    for (int c = 0; c < d.channels(); c++) {
      byte[] plane = java.util.Arrays.copyOfRange(d.pixels(), c * srcPlane, (c + 1) * srcPlane);
      System.arraycopy(AreaResize.resize(plane, d.rows(), d.cols(), rows, cols), 0, out, c * rows * cols,
          rows * cols);
    }
    return new Decoded(d.channels(), rows, cols, out, d.hadColour());
  }
}
