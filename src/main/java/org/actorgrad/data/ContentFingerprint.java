package org.actorgrad.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identity of a data set read from CSV files or image folders: SHA-256 (lowercase hex) of what
 * is trained on, after parsing, conversion and resizing, so the same images give the same
 * fingerprint however the text was laid out, and a change of {@code --resize} or {@code --channels}
 * gives another. Digested in this order: the source kind (e.g. "csv"), then for the training and
 * the test part each: channels, rows, cols, classes and count as big-endian 32-bit integers, the
 * pixel bytes (count, channels, rows, cols), the label bytes (count). IDX files keep their own
 * fingerprint (the files' decompressed bytes, see {@link LoadedData}).
 */
final class ContentFingerprint {
  private ContentFingerprint() {}

  static String of(String kind, Dataset train, Dataset test) {
    MessageDigest digest = sha256();
    digest.update(kind.getBytes(StandardCharsets.UTF_8));
    for (Dataset part : new Dataset[] {train, test}) {
      ByteBuffer shape = ByteBuffer.allocate(5 * Integer.BYTES); // big-endian by default
      shape.putInt(part.channels()).putInt(part.rows()).putInt(part.cols()).putInt(part.classes())
          .putInt(part.count());
      digest.update(shape.array());
      digest.update(part.pixels());
      digest.update(part.labels());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }
}
