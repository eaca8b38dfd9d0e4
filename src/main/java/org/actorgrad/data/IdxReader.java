package org.actorgrad.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST format: big-endian header of a magic number and dimension sizes, then
 * unsigned bytes), gzip-compressed or raw, told apart by content (gzip magic 1f 8b), not by name.
 *
 * <p>Files are untrusted: nothing is allocated from a header before it is checked. A raw file must
 * be exactly as long as its header says. A gzip file's decompressed length is unknown up front, so
 * the claim is first bounded by what deflate can produce from the file's size (at most 1032:1),
 * then the buffer grows only as data actually arrives, unless the gzip trailer's ISIZE agrees with
 * the header (the honest case: one exact allocation, no copies). Exactly the claimed bytes are read,
 * then end of stream is verified, which also makes the gzip stream check its CRC.
 */
final class IdxReader {
  static final int IMAGES_MAGIC = 0x0803; // 2051: unsigned bytes, 3 dimensions
  /** 2052: unsigned bytes, 4 dimensions (N, H, W, C): what a numpy array of colour images writes. */
  static final int IMAGES4_MAGIC = 0x0804;
  static final int LABELS_MAGIC = 0x0801; // 2049: unsigned bytes, 1 dimension

  /** The largest byte[] every JVM can allocate. */
  static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;
  /** Deflate's best case is 258 bytes from about 2 bits; no valid gzip file expands more. */
  static final long MAX_DEFLATE_RATIO = 1032;
  /** First buffer when the trailer gives no usable hint. */
  private static final int GROWTH_START = 1 << 20;
  private static final int GZIP_BUFFER = 1 << 16;

  /** Pixels (count, channels, rows, cols): channel-major, whatever the file's order. */
  record Images(int count, int channels, int rows, int cols, byte[] pixels) {}

  private record Idx(int[] dims, byte[] data) {}

  private IdxReader() {}

  /**
   * The images of {@code file}; header and pixels (as stored) are also fed to {@code digest}. A file
   * of magic 2051 holds (N, H, W) grey images; one of magic 2052 holds (N, H, W, C), channels last
   * as numpy stores colour images, returned channel-major (CHW) like every data set here.
   */
  static Images readImages(Path file, MessageDigest digest) {
    if (peekMagic(file) == IMAGES4_MAGIC) {
      Idx idx = read(file, IMAGES4_MAGIC, 4, digest);
      int[] d = idx.dims;
      return new Images(d[0], d[3], d[1], d[2], channelsFirst(idx.data, d[0], d[1] * d[2], d[3]));
    }
    Idx idx = read(file, IMAGES_MAGIC, 3, digest);
    return new Images(idx.dims[0], 1, idx.dims[1], idx.dims[2], idx.data);
  }

  /** (n, pixels, channels) to (n, channels, pixels). */
  private static byte[] channelsFirst(byte[] hwc, int n, int pixels, int channels) {
    if (channels == 1) {
      return hwc;
    }
    byte[] chw = new byte[hwc.length];
    int size = pixels * channels;
    for (int i = 0; i < n; i++) {
      int base = i * size;
      for (int p = 0; p < pixels; p++) {
        for (int c = 0; c < channels; c++) {
          chw[base + c * pixels + p] = hwc[base + p * channels + c];
        }
      }
    }
    return chw;
  }

  /** The file's first four (decompressed) bytes as a big-endian int, or -1 when they cannot be had. */
  private static int peekMagic(Path file) {
    if (!Files.isRegularFile(file)) {
      return -1;
    }
    try (InputStream in = startsWithGzipMagic(file)
        ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
      byte[] head = in.readNBytes(4);
      return head.length == 4 ? ByteBuffer.wrap(head).getInt() : -1;
    } catch (IOException | DataException e) {
      return -1; // the full read says what is wrong
    }
  }

  /**
   * The labels of {@code file} (unsigned bytes, checked against the class count by the caller, who
   * knows it); header and labels also go to {@code digest}.
   */
  static byte[] readLabels(Path file, MessageDigest digest) {
    return read(file, LABELS_MAGIC, 1, digest).data;
  }

  private static Idx read(Path file, int magic, int rank, MessageDigest digest) {
    long fileSize = checkReadable(file, magic);
    boolean gzip = startsWithGzipMagic(file);
    try (InputStream in = gzip
        ? new GZIPInputStream(Files.newInputStream(file), GZIP_BUFFER)
        : Files.newInputStream(file)) {
      byte[] header = new byte[4 + 4 * rank];
      // The magic first, so a file of the wrong kind is named as such even when it is short.
      int got = in.readNBytes(header, 0, 4);
      if (got == 4) {
        got += in.readNBytes(header, 4, header.length - 4);
      }
      ByteBuffer fields = ByteBuffer.wrap(header).order(ByteOrder.BIG_ENDIAN);
      int found = fields.getInt();
      if (got >= 4 && found != magic) {
        throw fail(file, describeWrongMagic(found, magic));
      }
      if (got < header.length) {
        throw fail(file, "ends inside the IDX header after " + got + " bytes, expected "
            + header.length + " header bytes of " + kind(magic));
      }
      int[] dims = new int[rank];
      for (int d = 0; d < rank; d++) {
        dims[d] = fields.getInt();
        if (dims[d] <= 0) {
          throw fail(file, "header gives dimension " + d + " the size "
              + Integer.toUnsignedString(dims[d]) + ", expected a positive size below 2^31");
        }
      }
      int claimed = checkClaim(file, dims, header.length, fileSize, gzip);
      String claim = describeClaim(dims);
      digest.update(header);
      byte[] data = gzip
          ? readGrowing(file, in, claimed, gzipInitialCapacity(file, fileSize, header.length, claimed))
          : readExactly(file, in, claimed);
      verifyEnd(file, in, claim);
      digest.update(data);
      return new Idx(dims, data);
    } catch (EOFException e) {
      throw fail(file, "truncated gzip data (" + e.getMessage() + "), expected a complete gzip file");
    } catch (ZipException e) {
      throw fail(file, "corrupt gzip data (" + e.getMessage() + "), expected a valid gzip file");
    } catch (IOException e) {
      throw fail(file, "cannot be read: " + e);
    }
  }

  /**
   * The data bytes the header claims, once they are known to fit the file (raw: exactly; gzip: what
   * deflate can expand it to) and one array; nothing has been allocated from the header before.
   */
  private static int checkClaim(Path file, int[] dims, int headerLength, long fileSize, boolean gzip) {
    long claimed = claimedBytes(dims);
    String claim = describeClaim(dims);
    if (!gzip && claimed != fileSize - headerLength) {
      throw fail(file, claim + " but the file holds " + fileSize + " bytes"
          + (claimed <= MAX_ARRAY_BYTES ? ", expected " + (claimed + headerLength) : ""));
    }
    if (gzip && claimed / MAX_DEFLATE_RATIO > fileSize) {
      throw fail(file, claim + " but a gzip file of " + fileSize + " bytes decompresses to at most ~"
          + ByteSizes.human((double) fileSize * MAX_DEFLATE_RATIO));
    }
    if (claimed > MAX_ARRAY_BYTES) {
      throw fail(file, claim + ", more than one Java array can hold (2^31 bytes)");
    }
    return (int) claimed;
  }

  private static String describeClaim(int[] dims) {
    return "header claims " + describe(dims) + " (~" + ByteSizes.human(exactBytes(dims)) + ")";
  }

  private static long checkReadable(Path file, int magic) {
    if (Files.isDirectory(file)) {
      throw fail(file, "is a directory, expected " + kind(magic));
    }
    if (!Files.exists(file)) {
      throw fail(file, "file not found, expected " + kind(magic));
    }
    if (!Files.isRegularFile(file)) {
      throw fail(file, "is not a regular file, expected " + kind(magic));
    }
    try {
      long size = Files.size(file);
      if (size == 0) {
        throw fail(file, "file is empty, expected " + kind(magic));
      }
      return size;
    } catch (IOException e) {
      throw fail(file, "cannot be read: " + e);
    }
  }

  private static boolean startsWithGzipMagic(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(2);
      return head.length == 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B;
    } catch (IOException e) {
      throw fail(file, "cannot be read: " + e);
    }
  }

  /**
   * The exact size if the gzip trailer's ISIZE (decompressed length mod 2^32) agrees with the
   * header; otherwise a small start, so a lying header costs only the data that really arrives.
   */
  private static int gzipInitialCapacity(Path file, long fileSize, int headerBytes, int dataBytes) {
    if (fileSize >= 18) { // 10-byte gzip header + 8-byte trailer
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        ByteBuffer trailer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(trailer, fileSize - 4);
        long isize = Integer.toUnsignedLong(trailer.getInt(0));
        if (!trailer.hasRemaining() && isize == (((long) headerBytes + dataBytes) & 0xFFFFFFFFL)) {
          return dataBytes;
        }
      } catch (IOException e) {
        throw fail(file, "cannot be read: " + e);
      }
    }
    return Math.min(dataBytes, GROWTH_START);
  }

  /** Reads exactly {@code expected} bytes, growing the buffer (doubling) only as data arrives. */
  private static byte[] readGrowing(Path file, InputStream in, int expected, int initialCapacity)
      throws IOException {
    byte[] buffer = new byte[initialCapacity];
    int filled = 0;
    try {
      while (filled < expected) {
        if (filled == buffer.length) {
          buffer = Arrays.copyOf(buffer, (int) Math.min(expected, 2L * buffer.length));
        }
        int n = in.read(buffer, filled, buffer.length - filled);
        if (n < 0) {
          break;
        }
        filled += n;
      }
    } catch (EOFException e) {
      // GZIPInputStream reports a cut-off deflate stream this way; say how far it got.
    }
    if (filled < expected) {
      throw fail(file, "truncated: the data ends after " + filled + " of the " + expected
          + " bytes the header claims, expected a complete file");
    }
    return buffer;
  }

  private static byte[] readExactly(Path file, InputStream in, int expected) throws IOException {
    byte[] data = new byte[expected];
    int got = in.readNBytes(data, 0, expected);
    if (got < expected) {
      throw fail(file, "truncated: the data ends after " + got + " of the " + expected
          + " bytes the header claims, expected a complete file");
    }
    return data;
  }

  /** Anything after the claimed data is an error; for gzip this read also checks the CRC trailer. */
  private static void verifyEnd(Path file, InputStream in, String claim) throws IOException {
    if (in.read() != -1) {
      throw fail(file, claim + " but more data follows, expected the file to end there");
    }
  }

  private static long claimedBytes(int[] dims) {
    long bytes = 1;
    for (int d : dims) {
      if (bytes > Long.MAX_VALUE / d) {
        return Long.MAX_VALUE;
      }
      bytes *= d;
    }
    return bytes;
  }

  private static double exactBytes(int[] dims) {
    double bytes = 1;
    for (int d : dims) {
      bytes *= d;
    }
    return bytes;
  }

  private static String describe(int[] dims) {
    return dims.length == 4 ? dims[0] + " images of " + dims[1] + "x" + dims[2] + "x" + dims[3] + " (HxWxC)"
        : dims.length == 3 ? dims[0] + " images of " + dims[1] + "x" + dims[2]
        : dims[0] + " labels";
  }

  private static String kind(int magic) {
    return magic == IMAGES_MAGIC ? "an IDX image file (magic 2051)"
        : magic == IMAGES4_MAGIC ? "an IDX image file of (N, H, W, C) (magic 2052)"
        : "an IDX label file (magic 2049)";
  }

  private static String describeWrongMagic(int found, int expected) {
    String what = found == IMAGES_MAGIC ? "is an IDX image file (magic 2051)"
        : found == IMAGES4_MAGIC ? "is an IDX image file (magic 2052)"
        : found == LABELS_MAGIC ? "is an IDX label file (magic 2049)"
        : String.format(Locale.ROOT, "starts with 0x%08X, not an IDX magic number", found);
    return what + ", expected " + kind(expected);
  }

  static DataException fail(Path file, String message) {
    return new DataException(file + ": " + message);
  }
}
