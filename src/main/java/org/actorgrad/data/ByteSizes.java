package org.actorgrad.data;

import java.util.Locale;

/** Human-readable byte counts for error messages ("~1.7 TB"), in decimal units as disks are sold. */
final class ByteSizes {
  private static final String[] UNITS = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};

  private ByteSizes() {}

  static String human(double bytes) {
    int unit = 0;
    while (bytes >= 1000 && unit < UNITS.length - 1) {
      bytes /= 1000;
      unit++;
    }
    return unit == 0
        ? String.format(Locale.ROOT, "%.0f bytes", bytes)
        : String.format(Locale.ROOT, "%.1f %s", bytes, UNITS[unit]);
  }
}
