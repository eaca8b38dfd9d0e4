package org.actorgrad.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.actorgrad.checkpoint.UnusableFileException;

/** Turns an exception into the one line a user reads, and an exit code. */
final class UserErrors {
  private UserErrors() {}

  static String message(Throwable e) {
    Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
    if (t instanceof AccessDeniedException a) {
      return "cannot write " + a.getFile() + ": permission denied";
    }
    if (t instanceof NoSuchFileException n) {
      return "no such file: " + n.getFile();
    }
    if (t instanceof IOException && t.getMessage() != null) {
      return t.getMessage();
    }
    if (t instanceof IllegalArgumentException || t instanceof IllegalStateException
        || t.getClass().getPackageName().startsWith("org.actorgrad")) {
      return t.getMessage();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage())
        + " (run with --verbose for details)";
  }

  /**
   * The message as one line: messages echo what the user typed or a file held, which may contain
   * line breaks or control characters (a fuzzed --layers value did), so they are escaped here
   * rather than in every parser.
   */
  static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(message.length());
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') { // NEL (0x85) is ISO control
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** The names at the smallest edit distance from {@code typed}, if it is at most 2 (typos, not guesses). */
  static List<String> nearest(String typed, Collection<String> names) {
    int best = 3;
    List<String> nearest = new ArrayList<>();
    for (String name : new TreeSet<>(names)) {
      int d = editDistance(typed, name);
      if (d < best) {
        best = d;
        nearest.clear();
      }
      if (d == best) {
        nearest.add(name);
      }
    }
    return nearest;
  }

  /** Levenshtein distance, with a swap of two neighbours counted as one edit ("wrokers"). */
  static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1]; // (a + 1, b + 1)
    for (int i = 0; i <= a.length(); i++) {
      for (int j = 0; j <= b.length(); j++) {
        if (i == 0 || j == 0) {
          d[i][j] = i + j;
          continue;
        }
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /**
   * picocli's convention (README, "Exit codes"): 2, a usage error, when the command line must change
   * (an {@link IllegalArgumentException}: a value, a combination, or a contradiction with the run,
   * model or data it names); 1, a failure, for everything else: a file or data that cannot be read
   * ({@link UnusableFileException}, {@code DataException}), a folder or port in use, a run that failed.
   */
  static int exitCode(Throwable e) {
    return e instanceof IllegalArgumentException && !(e instanceof UnusableFileException) ? 2 : 1;
  }
}
