package org.actorgrad.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Checks a data set's file that is already on disk (gzip or raw, told apart by content) against
 * what the mirrors serve: it is intact when it is a byte-for-byte copy of the served file (size
 * and MD5), or when its decompressed content has the canonical IDX header, length and SHA-256. At
 * most the canonical length plus one byte is decompressed, so a gzip bomb costs no more than an
 * intact file.
 */
final class InPlaceCheck {
  private static final int BUFFER = 1 << 16;

  private InPlaceCheck() {}

  /**
   * Null if {@code file} is intact, else why not, as a phrase: "empty (0 bytes)", "truncated: ...",
   * "holds 10,000 images of 28x28, expected 60,000 images of 28x28", "content differs ...".
   *
   * @throws DataException when the file cannot be read at all (permissions, I/O error)
   */
  static String problem(Path file, FileSpec spec) {
    try {
      long size = Files.size(file);
      if (size == 0) {
        return "empty (0 bytes)";
      }
      if (size == spec.size() && spec.md5().equals(md5(file))) {
        return null; // the served file itself
      }
      CanonicalIdx content = spec.content();
      if (content == null) {
        return String.format(Locale.ROOT, "not the served file (%,d bytes, expected %,d with MD5 %s)",
            size, spec.size(), spec.md5());
      }
      return contentProblem(file, content);
    } catch (IOException e) {
      throw new DataException(file + ": cannot read it (" + e + "), expected a readable file");
    }
  }

  private static String contentProblem(Path file, CanonicalIdx content) throws IOException {
    MessageDigest sha256 = digest("SHA-256");
    long expected = content.size();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      try (InputStream in = new DigestInputStream(gzip ? new GZIPInputStream(raw, BUFFER) : raw, sha256)) {
        byte[] header = new byte[content.headerBytes()];
        int got = in.readNBytes(header, 0, header.length);
        if (got < header.length) {
          return String.format(Locale.ROOT, "truncated: %,d content bytes, expected %,d (%s)", got, expected,
              CanonicalIdx.describe(content.magic(), content.dims()));
        }
        String headerProblem = headerProblem(header, content);
        if (headerProblem != null) {
          return headerProblem;
        }
        long total = header.length + skipAtMost(in, expected - header.length + 1);
        if (total < expected) {
          return String.format(Locale.ROOT, "truncated: %,d content bytes, expected %,d", total, expected);
        }
        if (total > expected) {
          return String.format(Locale.ROOT, "longer than its header says (more than %,d content bytes)", expected);
        }
      } catch (EOFException | ZipException e) {
        return "a damaged gzip stream (" + (e.getMessage() == null ? "ends too early" : e.getMessage()) + ")";
      }
    }
    String found = HexFormat.of().formatHex(sha256.digest());
    if (!found.equals(content.sha256())) {
      return "content differs from the canonical file (SHA-256 " + found + ", expected " + content.sha256() + ")";
    }
    return null;
  }

  private static String headerProblem(byte[] header, CanonicalIdx content) {
    int magic = readInt(header, 0);
    int[] dims = new int[content.dims().length];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = readInt(header, 4 + 4 * i);
    }
    if (magic != content.magic()) {
      return "IDX magic " + magic + ", expected " + content.magic() + " ("
          + CanonicalIdx.describe(content.magic(), content.dims()) + ")";
    }
    if (!Arrays.equals(dims, content.dims())) {
      return "holds " + CanonicalIdx.describe(magic, dims) + ", expected "
          + CanonicalIdx.describe(content.magic(), content.dims());
    }
    return null;
  }

  /** Reads and discards up to {@code limit} bytes (through the digest); returns how many there were. */
  private static long skipAtMost(InputStream in, long limit) throws IOException {
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    while (total < limit) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total; // limit is one past the canonical length: a longer file is not read further
  }

  private static int readInt(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
  }

  private static String md5(Path file) throws IOException {
    MessageDigest md5 = digest("MD5");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required of every JVM", e);
    }
  }
}
