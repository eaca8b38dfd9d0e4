package org.actorgrad.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How many classes a data set has (K, labels 0..K-1) and what they are called: an optional
 * {@code classes.txt} beside the data (one name per line, line i naming class i-1), the known names
 * of Fashion-MNIST, else the label numbers.
 */
public final class ClassList {
  /** The file of class names looked for beside the data files. */
  public static final String FILE_NAME = "classes.txt";

  private static final List<String> FASHION_MNIST = List.of(
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  /** A class names file larger than this is not a list of at most 256 names. */
  private static final long MAX_FILE_BYTES = 1 << 20;

  private ClassList() {}

  /** "0", "1", ..., K-1 as text. */
  public static List<String> numbers(int classes) {
    List<String> names = new ArrayList<>(classes);
    for (int c = 0; c < classes; c++) {
      names.add(Integer.toString(c));
    }
    return names;
  }

  /** The class names a known data set has ({@code fashion-mnist}), else null. */
  static List<String> known(String dataset) {
    return "fashion-mnist".equals(dataset) ? FASHION_MNIST : null;
  }

  /** The known names of {@code dataset} if it has {@code classes} of them, else the label numbers. */
  public static List<String> forDataset(String dataset, int classes) {
    return resolve(null, dataset, classes);
  }

  /**
   * The names in {@code folder/classes.txt}, or null if there is no such file. Blank lines at the
   * end are ignored; each name is trimmed.
   *
   * @throws DataException for an unreadable file, a blank name, a repeated name or more than 256 names
   */
  static List<String> readBeside(Path folder) {
    Path file = folder.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    List<String> lines;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new DataException(file + ": larger than 1 MB, expected one class name per line");
      }
      lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new DataException(file + ": cannot be read: " + e);
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String name = lines.get(i).strip();
      if (name.isEmpty()) {
        throw new DataException(file + ": line " + (i + 1) + " is blank, expected one class name per line");
      }
      if (names.contains(name)) {
        throw new DataException(file + ": line " + (i + 1) + " repeats the class name '" + name + "'");
      }
      names.add(name);
    }
    if (names.size() < 2 || names.size() > Dataset.MAX_CLASSES) {
      throw new DataException(file + ": " + names.size() + " class names, expected 2 to "
          + Dataset.MAX_CLASSES + ", one per line");
    }
    return names;
  }

  /**
   * K for labels {@code parts} (train, then test): {@code requested} if positive, else the number of
   * {@code names} if given, else the largest label + 1; then every label is checked to be below K.
   *
   * @param where names each part in messages (e.g. the label files), same order as {@code parts}
   * @throws IllegalArgumentException when {@code requested} (--classes) is out of range, disagrees
   *     with the names, or is not above a label (naming the part and index)
   * @throws DataException naming the part and index of a label that is not below the names' count,
   *     or when fewer than 2 classes result
   */
  static int count(int requested, List<String> names, Path namesFolder, String[] where, byte[]... parts) {
    if (requested < 0 || requested > Dataset.MAX_CLASSES) {
      throw new IllegalArgumentException("--classes " + requested + ": expected 2 to " + Dataset.MAX_CLASSES);
    }
    if (requested > 0 && names != null && names.size() != requested) {
      throw new IllegalArgumentException(namesFolder.resolve(FILE_NAME) + ": " + names.size()
          + " class names, but --classes says " + requested);
    }
    int classes = requested > 0 ? requested : names != null ? names.size() : 0;
    String source = requested > 0 ? " (--classes " + requested + ")"
        : names != null ? " (" + names.size() + " names in " + namesFolder.resolve(FILE_NAME) + ")" : "";
    if (classes == 0) {
      for (byte[] labels : parts) {
        for (byte label : labels) {
          classes = Math.max(classes, (label & 0xFF) + 1);
        }
      }
      if (classes < 2) {
        throw new DataException(where[0] + ": every label is " + (classes - 1)
            + ", expected at least 2 classes (labels 0..K-1)");
      }
      return classes;
    }
    for (int p = 0; p < parts.length; p++) {
      byte[] labels = parts[p];
      for (int i = 0; i < labels.length; i++) {
        if ((labels[i] & 0xFF) >= classes) {
          String message = where[p] + ": label " + (labels[i] & 0xFF) + " at index " + i
              + ", expected a class 0-" + (classes - 1) + source;
          // Against a --classes typed: a usage error (exit 2); against the data's own names: the data's fault.
          throw requested > 0 ? new IllegalArgumentException(message) : new DataException(message);
        }
      }
    }
    return classes;
  }

  /** {@code names} if given, else the known names of {@code dataset} if there are K of them, else numbers. */
  static List<String> resolve(List<String> names, String dataset, int classes) {
    if (names != null) {
      return names;
    }
    List<String> known = known(dataset);
    return known != null && known.size() == classes ? known : numbers(classes);
  }
}
