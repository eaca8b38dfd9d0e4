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

  private static Path synthetic;

  /**
   * The real MNIST folder when ACTORGRAD_DATASETS names one, else an MNIST-shaped synthetic one
   * (28x28, ten classes, 6,000 training and 10,000 test images, written once per JVM), so that the
   * tests of the train, resume, evaluate and export commands run on every checkout. Tests that
   * assert what only the real data can give keep {@link #require}.
   */
  public static synchronized Path mnistOrSynthetic() {
    String root = System.getProperty("actorgrad.datasets");
    Path real = root == null || root.isBlank() || root.startsWith("${") ? null : Path.of(root, "mnist");
    if (real != null && Files.isDirectory(real)) {
      return real;
    }
    if (synthetic == null) {
      try {
        Path dir = Files.createTempDirectory("actorgrad-synthetic-mnist");
        synthetic = SyntheticIdx.writeMnistShaped(dir, 6000, 10000, 5);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
              Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
          } catch (java.io.IOException e) {
            // a temporary folder left behind
          }
        }));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      System.err.println("note: ACTORGRAD_DATASETS not set: MNIST-shaped synthetic data in " + synthetic);
    }
    return synthetic;
  }
}
