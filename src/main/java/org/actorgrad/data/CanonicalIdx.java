package org.actorgrad.data;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a data set's file holds once decompressed: its IDX header (magic number and dimension
 * sizes) and the SHA-256 of the whole decompressed file. Re-compressed copies of a file differ byte
 * for byte from the original download, so a file already on disk is compared by this, not by the
 * MD5 of the served gzip file.
 *
 * @param magic the IDX magic number: 2051 for images (N, rows, cols), 2049 for labels (N)
 * @param dims the dimension sizes the header must state, e.g. {60000, 28, 28}
 * @param sha256 lowercase hex SHA-256 of the decompressed file, header included
 */
public record CanonicalIdx(int magic, int[] dims, String sha256) {
  public CanonicalIdx {
    if (dims == null || dims.length == 0) {
      throw new IllegalArgumentException("expected at least one IDX dimension, found none");
    }
    for (int d : dims) {
      if (d <= 0) {
        throw new IllegalArgumentException("expected positive IDX dimensions, found " + Arrays.toString(dims));
      }
    }
    if (sha256 == null || !sha256.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("expected a SHA-256 of 64 hex digits, found " + sha256);
    }
    dims = dims.clone();
    sha256 = sha256.toLowerCase(Locale.ROOT);
  }

  /** N images of rows x cols (magic 2051). */
  public static CanonicalIdx images(int count, int rows, int cols, String sha256) {
    return new CanonicalIdx(IdxReader.IMAGES_MAGIC, new int[] {count, rows, cols}, sha256);
  }

  /** N labels (magic 2049). */
  public static CanonicalIdx labels(int count, String sha256) {
    return new CanonicalIdx(IdxReader.LABELS_MAGIC, new int[] {count}, sha256);
  }

  @Override
  public int[] dims() {
    return dims.clone();
  }

  /** Bytes of the header: the magic and one 4-byte size per dimension. */
  public int headerBytes() {
    return 4 + 4 * dims.length;
  }

  /** The decompressed file's length in bytes, fixed by the header: 47,040,016 for 60,000 28x28 images. */
  public long size() {
    long size = 1;
    for (int d : dims) {
      size = Math.multiplyExact(size, d);
    }
    return headerBytes() + size;
  }

  /** "60,000 images of 28x28", "10,000 labels", or the raw dimensions for another magic. */
  static String describe(int magic, int[] dims) {
    if (magic == IdxReader.IMAGES_MAGIC && dims.length == 3) {
      return String.format(Locale.ROOT, "%,d images of %dx%d", dims[0], dims[1], dims[2]);
    }
    if (magic == IdxReader.LABELS_MAGIC && dims.length == 1) {
      return String.format(Locale.ROOT, "%,d labels", dims[0]);
    }
    return "IDX magic " + magic + " with dimensions " + Arrays.toString(dims);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CanonicalIdx c && c.magic == magic && Arrays.equals(c.dims, dims)
        && c.sha256.equals(sha256);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * magic + Arrays.hashCode(dims)) + sha256.hashCode();
  }

  @Override
  public String toString() {
    return describe(magic, dims) + ", SHA-256 " + sha256;
  }
}
