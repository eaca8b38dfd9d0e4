package org.actorgrad.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

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

  static int exitCode(Throwable e) {
    return e instanceof IllegalArgumentException ? 2 : 1;
  }
}
