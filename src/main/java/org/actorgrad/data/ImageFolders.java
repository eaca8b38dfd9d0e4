package org.actorgrad.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A data set in torchvision's ImageFolder layout: {@code DIR/train/<class>/*.png|jpg|...} and
 * {@code DIR/test/<class>/*}. Classes are the training folder's subfolders in sorted order (as
 * torchvision sorts them), class i the i-th; images are taken in sorted file-name order, so the
 * same folders always give the same data set. Files of other extensions and hidden files are
 * skipped. Images are read by {@link ImagePixels} (grey or 3 channels, its conversions), and must
 * all have the size of the first training image unless a size is given, to which every image is
 * then resized by {@link AreaResize}.
 */
public final class ImageFolders {
  private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".gif", ".bmp");

  private ImageFolders() {}

  /** True if {@code dir} has the {@code train/} and {@code test/} subfolders of this layout. */
  public static boolean isLayout(Path dir) {
    return Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test"));
  }

  /**
   * Reads the images under {@code dir}.
   *
   * @param channels 1 (grey) or 3 (RGB)
   * @param size (rows, cols) to resize every image to, or null to require one size throughout
   * @throws DataException naming the folder or file at fault: no class folders, an empty class,
   *     a test class that training lacks, an unreadable image, an image of another size
   */
  public static LoadedData load(Path dir, int channels, int[] size, String name) {
    Path trainDir = dir.resolve("train");
    List<String> classes = subfolders(trainDir);
    if (classes.size() < 2) {
      throw new DataException(trainDir + ": " + classes.size() + " class folders, expected at least 2"
          + " (train/<class>/*.png, one folder per class)");
    }
    if (classes.size() > Dataset.MAX_CLASSES) {
      throw new DataException(trainDir + ": " + classes.size() + " class folders, expected at most "
          + Dataset.MAX_CLASSES);
    }
    for (String testClass : subfolders(dir.resolve("test"))) {
      if (!classes.contains(testClass)) {
        throw new DataException(dir.resolve("test").resolve(testClass)
            + ": a class the training folder lacks, expected one of " + String.join(", ", classes));
      }
    }
    Part train = readPart(trainDir, classes, channels, size, null, null, true);
    Part test = readPart(dir.resolve("test"), classes, channels, size,
        new int[] {train.rows, train.cols}, train.first, false);
    if (test.labels.length == 0) {
      throw new DataException(dir.resolve("test") + ": holds no images, expected test/<class>/*.png");
    }
    Dataset trainSet = Dataset.of(name + "/train", channels, train.rows, train.cols, classes.size(),
        train.pixels, train.labels);
    Dataset testSet = Dataset.of(name + "/test", channels, train.rows, train.cols, classes.size(),
        test.pixels, test.labels);
    return new LoadedData(trainSet, testSet, ContentFingerprint.of(
        "image-folders:" + String.join("\n", classes), trainSet, testSet), classes);
  }

  private record Part(int rows, int cols, byte[] pixels, byte[] labels, Path first) {}

  /**
   * The images of every class folder under {@code root}, each resized to {@code resize} if given,
   * else required to be {@code expected} (the size of {@code expectedFrom}) if given, else the size
   * of the first image.
   */
  private static Part readPart(Path root, List<String> classes, int channels, int[] resize,
      int[] expected, Path expectedFrom, boolean everyClass) {
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int k = 0; k < classes.size(); k++) {
      Path folder = root.resolve(classes.get(k));
      if (!Files.isDirectory(folder)) {
        continue; // a test set may lack a class
      }
      List<Path> images = images(folder);
      if (images.isEmpty() && everyClass) {
        throw new DataException(folder + ": holds no images, expected *.png, *.jpg, *.gif or *.bmp files");
      }
      for (Path image : images) {
        files.add(image);
        labels.add(k);
      }
    }
    int[] size = resize != null ? resize : expected;
    Path first = expectedFrom;
    byte[] pixels = null;
    byte[] labelBytes = new byte[files.size()];
    for (int i = 0; i < files.size(); i++) {
      ImagePixels.Decoded d = ImagePixels.read(files.get(i), channels);
      if (size == null) {
        size = new int[] {d.rows(), d.cols()};
        first = files.get(i);
      }
      if (pixels == null) {
        pixels = allocate(root, files.size(), channels, size);
      }
      if (resize != null) {
        d = ImagePixels.resized(d, size[0], size[1]);
      } else if (d.rows() != size[0] || d.cols() != size[1]) {
        throw new DataException(files.get(i) + ": image of " + d.rows() + "x" + d.cols() + " (HxW), expected the "
            + size[0] + "x" + size[1] + " of " + first + "; give --resize HxW to resize every image");
      }
      System.arraycopy(d.pixels(), 0, pixels, i * d.pixels().length, d.pixels().length);
      labelBytes[i] = (byte) (int) labels.get(i);
    }
    return new Part(size == null ? 0 : size[0], size == null ? 0 : size[1],
        pixels == null ? new byte[0] : pixels, labelBytes, first);
  }

  /**
   * The (count, channels, rows, cols) array for a part's images, its size computed in longs (an
   * int product overflows before any check) and refused in one line when it cannot be held.
   */
  private static byte[] allocate(Path root, int count, int channels, int[] size) {
    long bytes = (long) count * channels * size[0] * size[1];
    String what = String.format(Locale.ROOT, "%s: %,d images of %s take %,d bytes", root, count,
        Dataset.describeShape(channels, size[0], size[1]), bytes);
    if (bytes > IdxReader.MAX_ARRAY_BYTES) {
      throw new DataException(what + ", more than one array holds (" + IdxReader.MAX_ARRAY_BYTES
          + "): use a smaller --resize or fewer images");
    }
    try {
      return new byte[(int) bytes];
    } catch (OutOfMemoryError e) {
      // One failed allocation, nothing half-built: safe to report as the user's error.
      throw new DataException(what + ", more than the heap has room for: give the JVM more memory"
          + " (ACTORGRAD_JAVA_OPTS=-Xmx...), or use a smaller --resize or fewer images");
    }
  }

  private static List<String> subfolders(Path dir) {
    List<String> names = new ArrayList<>();
    for (Path p : list(dir)) {
      if (Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")) {
        names.add(p.getFileName().toString());
      }
    }
    return names;
  }

  private static List<Path> images(Path folder) {
    List<Path> images = new ArrayList<>();
    for (Path p : list(folder)) {
      String file = p.getFileName().toString();
      String lower = file.toLowerCase(Locale.ROOT);
      if (!file.startsWith(".") && Files.isRegularFile(p) && EXTENSIONS.stream().anyMatch(lower::endsWith)) {
        images.add(p);
      }
    }
    return images;
  }

  /** The entries of {@code dir} sorted by name. */
  private static List<Path> list(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new DataException(dir + ": cannot be listed: " + e);
    }
  }
}
