package org.actorgrad.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The four canonical MNIST-format file names, and where to find each in a folder. A file may be
 * stored gzip-compressed ({@code NAME.gz}) or raw ({@code NAME}); the reader decides by content,
 * so the suffix only matters for finding it.
 */
public final class DatasetFiles {
  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

  /** In the order the fingerprint digests them. */
  public static final List<String> BASE_NAMES =
      List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

  /** The data sets this project knows how to locate and download. */
  public static final List<String> KNOWN_DATASETS = List.of("mnist", "fashion-mnist");

  private DatasetFiles() {}

  /** The gzip names the mirrors serve, in canonical order. */
  public static List<String> gzipNames() {
    List<String> names = new ArrayList<>();
    for (String base : BASE_NAMES) {
      names.add(base + ".gz");
    }
    return names;
  }

  /**
   * The first regular file of {@code base.gz}, {@code base}, and the same with the dotted spelling
   * many downloads use ({@code train-images.idx3-ubyte}, see {@link #dotted}); null if none.
   */
  static Path find(Path folder, String base) {
    List<Path> present = present(folder, base);
    return present.isEmpty() ? null : present.get(0);
  }

  /**
   * Every regular file of {@code base}'s spellings in {@code folder}, in the order {@link #find}
   * prefers them: {@code base.gz}, {@code base}, then the dotted ones. The first is the one read.
   */
  static List<Path> present(Path folder, String base) {
    List<Path> present = new ArrayList<>();
    for (String name : List.of(base + ".gz", base, dotted(base) + ".gz", dotted(base))) {
      Path file = folder.resolve(name);
      if (Files.isRegularFile(file)) {
        present.add(file);
      }
    }
    return present;
  }

  /**
   * {@code train-images-idx3-ubyte} as many downloads (and the seed project's set-up) spell it:
   * {@code train-images.idx3-ubyte}, a dot before the IDX type instead of a dash.
   */
  static String dotted(String base) {
    int idx = base.lastIndexOf("-idx");
    return base.substring(0, idx) + "." + base.substring(idx + 1);
  }

  /** The base names of the canonical files that {@code folder} lacks (all four if it is no folder). */
  static List<String> missing(Path folder) {
    List<String> missing = new ArrayList<>();
    for (String base : BASE_NAMES) {
      if (!Files.isDirectory(folder) || find(folder, base) == null) {
        missing.add(base);
      }
    }
    return missing;
  }

  /** @throws IllegalArgumentException unless {@code name} is one of {@link #KNOWN_DATASETS} */
  public static void requireKnown(String name) {
    if (!KNOWN_DATASETS.contains(name)) {
      throw new IllegalArgumentException(
          "unknown dataset '" + name + "', expected one of " + String.join(", ", KNOWN_DATASETS));
    }
  }

  /** "put train-images-idx3-ubyte.gz, ... (gzip or uncompressed) into FOLDER, or pass --data DIR". */
  static String whereToPutThem(Path folder) {
    return "put the four files "
        + String.join(", ", gzipNames())
        + " (gzip or uncompressed, without .gz) into "
        + folder.toAbsolutePath()
        + ", or pass --data DIR naming a folder that holds them";
  }
}
