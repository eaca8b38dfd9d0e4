package org.actorgrad.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before any data is read, that the run's outputs can be written: otherwise a path running
 * through a regular file, or a folder without write permission, fails only when the first
 * checkpoint or the model is written, after the training it was meant to keep. Creates nothing.
 * Shared by the command line and {@code api.Training}, so both refuse the same paths with the same words.
 */
public final class OutputPaths {
  private OutputPaths() {}

  /**
   * {@code folder}, given with {@code option}, exists as a writable folder or can be created.
   *
   * @throws IllegalArgumentException naming the option when it cannot
   */
  public static void requireFolder(String option, Path folder) {
    requireCreatable(option, folder, folder.toAbsolutePath().normalize());
  }

  /**
   * {@code file}, given with {@code option}, is not empty or a folder, and its folder is or can be made.
   *
   * @throws IllegalArgumentException naming the option when it is not
   */
  public static void requireFile(String option, Path file) {
    if (file.toString().isEmpty()) {
      throw new IllegalArgumentException(option + " is empty; name the file to write");
    }
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(option + " " + file
          + ": is a folder, expected a file; name a file inside it");
    }
    Path parent = file.toAbsolutePath().normalize().getParent();
    if (parent != null) {
      requireCreatable(option, file, parent);
    }
  }

  /** The nearest existing folder on the way to {@code folder} is a folder this process can write in. */
  private static void requireCreatable(String option, Path given, Path folder) {
    Path existing = folder;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return; // nothing exists up to the root: creating it later will say why it cannot
    }
    if (!Files.isDirectory(existing)) {
      throw new IllegalArgumentException(option + " " + given + ": " + existing
          + " is a file, not a folder; choose another " + option);
    }
    if (!Files.isWritable(existing)) {
      throw new IllegalArgumentException(option + " " + given + ": cannot write in " + existing
          + " (permission denied); choose a folder you can write to");
    }
  }
}
