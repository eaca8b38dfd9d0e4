package org.actorgrad.data;

import java.util.Locale;

/**
 * What a downloaded file must be: its exact size in bytes and its MD5 (lowercase hex), as served;
 * and, when known, what it holds once decompressed ({@code content}), by which a file already on
 * disk is checked (a re-compressed copy has another size and MD5 but the same content).
 *
 * @param content the canonical decompressed file, or null: then only a byte-for-byte copy of the
 *     served file counts as intact
 */
public record FileSpec(long size, String md5, CanonicalIdx content) {
  public FileSpec {
    if (size <= 0) {
      throw new IllegalArgumentException("expected a positive file size, found " + size);
    }
    if (md5 == null || !md5.matches("[0-9a-fA-F]{32}")) {
      throw new IllegalArgumentException("expected an MD5 of 32 hex digits, found " + md5);
    }
    md5 = md5.toLowerCase(Locale.ROOT);
  }

  /** A served file whose decompressed content is not known. */
  public FileSpec(long size, String md5) {
    this(size, md5, null);
  }
}
