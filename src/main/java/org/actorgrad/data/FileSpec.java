package org.actorgrad.data;

import java.util.Locale;

/** What a downloaded file must be: its exact size in bytes and its MD5 (lowercase hex). */
public record FileSpec(long size, String md5) {
  public FileSpec {
    if (size <= 0) {
      throw new IllegalArgumentException("expected a positive file size, found " + size);
    }
    if (md5 == null || !md5.matches("[0-9a-fA-F]{32}")) {
      throw new IllegalArgumentException("expected an MD5 of 32 hex digits, found " + md5);
    }
    md5 = md5.toLowerCase(Locale.ROOT);
  }
}
