package org.actorgrad.data;

import java.util.Objects;
import org.actorgrad.kernel.Pixels;

/**
 * Labelled images in memory as unsigned bytes: 60,000 28x28 images take 47 MB this way instead of
 * 188 MB as floats. Pixels become floats in [0, 1] (value / 255f) only when {@link #fill} copies a
 * batch into a buffer the caller owns.
 *
 * <p>An image of C channels is stored channel-major, CHW like PyTorch: the whole first channel's
 * rows x cols plane, then the next one's; a later convolution layer reads it as (C, H, W), and the
 * dense network sees C * H * W inputs. Labels are classes 0..{@link #classes()}-1, stored as
 * unsigned bytes (so at most {@link #MAX_CLASSES} classes).
 *
 * <p>The arrays are shared, not copied ({@link #pixels()}, {@link #labels()}): treat them as
 * read-only.
 */
public final class Dataset {
  /** Labels are unsigned bytes. */
  public static final int MAX_CLASSES = 256;

  private final String name;
  private final int channels;
  private final int rows;
  private final int cols;
  private final int classes;
  private final byte[] pixels; // (count, channels, rows, cols) unsigned
  private final byte[] labels; // (count) classes 0..classes-1, unsigned

  private Dataset(String name, int channels, int rows, int cols, int classes, byte[] pixels,
      byte[] labels) {
    this.name = name;
    this.channels = channels;
    this.rows = rows;
    this.cols = cols;
    this.classes = classes;
    this.pixels = pixels;
    this.labels = labels;
  }

  /**
   * One-channel images of ten classes (the MNIST shape): {@code of(name, 1, rows, cols, 10, ...)}.
   *
   * @throws IllegalArgumentException as {@link #of(String, int, int, int, int, byte[], byte[])}
   */
  public static Dataset of(String name, int rows, int cols, byte[] pixels, byte[] labels) {
    return of(name, 1, rows, cols, 10, pixels, labels);
  }

  /**
   * Wraps (does not copy) {@code pixels} (count, channels, rows, cols) and {@code labels} (count)
   * after checking that their lengths agree and every label is a class 0..classes-1.
   *
   * @throws IllegalArgumentException for a non-positive dimension, classes outside 1..256,
   *     lengths that disagree, or a label outside 0..classes-1 (naming its index)
   */
  public static Dataset of(String name, int channels, int rows, int cols, int classes, byte[] pixels,
      byte[] labels) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(labels, "labels");
    if (rows <= 0 || cols <= 0 || channels <= 0) {
      throw new IllegalArgumentException(name + ": expected positive image dimensions, found "
          + describeShape(channels, rows, cols));
    }
    if (classes < 1 || classes > MAX_CLASSES) {
      throw new IllegalArgumentException(
          name + ": expected 1 to " + MAX_CLASSES + " classes, found " + classes);
    }
    long expectedPixels = (long) labels.length * channels * rows * cols;
    if (pixels.length != expectedPixels) {
      throw new IllegalArgumentException(name + ": expected " + expectedPixels + " pixel bytes for "
          + labels.length + " labels of " + describeShape(channels, rows, cols) + " images, found "
          + pixels.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if ((labels[i] & 0xFF) >= classes) {
        throw new IllegalArgumentException(name + ": expected labels 0-" + (classes - 1) + ", found "
            + (labels[i] & 0xFF) + " at index " + i);
      }
    }
    return new Dataset(name, channels, rows, cols, classes, pixels, labels);
  }

  /** "28x28", or "3x32x32" (channels first) for more than one channel. */
  public static String describeShape(int channels, int rows, int cols) {
    return (channels == 1 ? "" : channels + "x") + rows + "x" + cols;
  }

  public String name() {
    return name;
  }

  public int count() {
    return labels.length;
  }

  /** Channels per image: 1 (grayscale) or more (3 for RGB), stored CHW. */
  public int channels() {
    return channels;
  }

  /** K: labels are 0..K-1. */
  public int classes() {
    return classes;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** channels * rows * cols: the length of one image as a vector. */
  public int features() {
    return channels * rows * cols;
  }

  public int label(int i) {
    return labels[i] & 0xFF;
  }

  /**
   * Scales the images at {@code indices[from .. from+n)} into {@code x} (n, features) as
   * value / 255f and their labels into {@code y} (n); allocates nothing. The buffers may be
   * longer than needed (a last, smaller batch reuses the full-size ones).
   */
  public void fill(float[] x, int[] y, int[] indices, int from, int n) {
    int features = features();
    if (n < 0 || from < 0 || from > indices.length - n) {
      throw new IllegalArgumentException("expected 0 <= from <= from + n <= " + indices.length
          + " (indices), found from " + from + " and n " + n);
    }
    if (x.length < (long) n * features || y.length < n) {
      throw new IllegalArgumentException("expected x of at least " + (long) n * features
          + " floats and y of at least " + n + " ints, found " + x.length + " and " + y.length);
    }
    int count = count();
    for (int b = 0; b < n; b++) {
      int sample = indices[from + b];
      if (sample < 0 || sample >= count) {
        throw new IllegalArgumentException(
            name + ": expected sample indices in [0, " + count + "), found " + sample);
      }
      int src = sample * features;
      int dst = b * features;
      Pixels.scale(pixels, src, x, dst, features); // most of the loading time per step
      y[b] = labels[sample] & 0xFF;
    }
  }

  /** A new data set holding copies of the samples at {@code indices}, in that order. */
  public Dataset subset(int[] indices, String name) {
    int features = features();
    int count = count();
    byte[] subsetPixels = new byte[Math.multiplyExact(indices.length, features)];
    byte[] subsetLabels = new byte[indices.length];
    for (int i = 0; i < indices.length; i++) {
      int sample = indices[i];
      if (sample < 0 || sample >= count) {
        throw new IllegalArgumentException(
            this.name + ": expected sample indices in [0, " + count + "), found " + sample);
      }
      System.arraycopy(pixels, sample * features, subsetPixels, i * features, features);
      subsetLabels[i] = labels[sample];
    }
    return new Dataset(name, channels, rows, cols, classes, subsetPixels, subsetLabels);
  }

  /** The pixel bytes (count, channels, rows, cols), not a copy: for serialization only, do not modify. */
  public byte[] pixels() {
    return pixels;
  }

  /** The label bytes (count), not a copy: for serialization only, do not modify. */
  public byte[] labels() {
    return labels;
  }

  @Override
  public String toString() {
    return name + " (" + count() + " images of " + describeShape(channels, rows, cols) + ")";
  }
}
