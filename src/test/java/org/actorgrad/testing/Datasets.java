package org.actorgrad.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real data sets, from system property actorgrad.datasets (env ACTORGRAD_DATASETS). */
public final class Datasets {
  private Datasets() {}

  /** The folder of one data set, or the test is skipped with a loud message. */
  public static Path require(String name) {
    String root = System.getProperty("actorgrad.datasets");
    Path dir = root == null || root.isBlank() || root.startsWith("${") ? null : Path.of(root, name);
    if (dir == null || !Files.isDirectory(dir)) {
      String message = "SKIPPED LOUDLY: data set '" + name + "' not found; set ACTORGRAD_DATASETS to the folder"
          + " holding mnist/ and fashion-mnist/ (CI sets it to ../shared/datasets)";
      System.err.println(message);
      assumeTrue(false, message);
    }
    return dir;
  }
}
