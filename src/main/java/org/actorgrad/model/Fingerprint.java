package org.actorgrad.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint of a parameter vector: SHA-256 of its values as little-endian float32 bytes,
 * the same bytes numpy's {@code params.astype('<f4').tobytes()} gives. Two runs with equal
 * fingerprints have bit-identical weights; training, {@code inspect} and the tests all print it.
 */
public final class Fingerprint {
  private Fingerprint() {}

  public static String sha256(float[] values) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
    ByteBuffer chunk = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      if (!chunk.hasRemaining()) {
        digest.update(chunk.flip());
        chunk.clear();
      }
      chunk.putFloat(v);
    }
    digest.update(chunk.flip());
    return HexFormat.of().formatHex(digest.digest());
  }
}
