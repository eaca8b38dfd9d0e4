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

  static int exitCode(Throwable e) {
    return e instanceof IllegalArgumentException ? 2 : 1;
  }
}
