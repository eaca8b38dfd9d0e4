package org.actorgrad.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A data set from two CSV files in the layout most MNIST-style downloads use: one row per image,
 * the label first, then the pixels 0-255 (CHW order for more than one channel), with or without a
 * header row. The image shape is given, or inferred as one square channel when the pixel count is
 * a square (784: 28x28). Pixels are kept as the bytes they are, so the same images train exactly
 * as from IDX files.
 */
public final class CsvData {
  private CsvData() {}

  /**
   * Reads {@code trainFile} and {@code testFile}.
   *
   * @param shape (channels, rows, cols) of one image, or null to infer a square one-channel image
   * @param classes K if positive; else the number of names in classes.txt beside the training
   *     file if there is one, else the largest label + 1
   * @param name the data set's name in messages and checkpoints
   * @throws DataException naming the file (and row) at fault, or the shape that does not fit
   */
  public static LoadedData load(Path trainFile, Path testFile, int[] shape, int classes, String name) {
    CsvTable train = CsvTable.read(trainFile);
    CsvTable test = CsvTable.read(testFile);
    int pixels = train.columns() - 1;
    if (pixels < 1) {
      throw new DataException(trainFile + ": rows of " + train.columns()
          + " value, expected a label and then the pixels");
    }
    int[] s = shape != null ? shape : inferSquare(trainFile, pixels);
    if ((long) s[0] * s[1] * s[2] != pixels) {
      throw new DataException(trainFile + ": rows of " + pixels + " pixels after the label, expected "
          + (long) s[0] * s[1] * s[2] + " for --shape " + Dataset.describeShape(s[0], s[1], s[2]));
    }
    if (test.columns() != train.columns()) {
      throw new DataException(testFile + ": rows of " + test.columns() + " values, expected "
          + train.columns() + " like " + trainFile.getFileName());
    }
    byte[] trainLabels = train.column(0);
    byte[] testLabels = test.column(0);
    Path folder = trainFile.toAbsolutePath().getParent();
    List<String> names = ClassList.readBeside(folder);
    int k = ClassList.count(classes, names, folder,
        new String[] {trainFile + " (first column)", testFile + " (first column)"}, trainLabels, testLabels);
    Dataset trainSet = Dataset.of(name + "/train", s[0], s[1], s[2], k, train.columnsFrom(1), trainLabels);
    Dataset testSet = Dataset.of(name + "/test", s[0], s[1], s[2], k, test.columnsFrom(1), testLabels);
    return new LoadedData(trainSet, testSet, ContentFingerprint.of("csv", trainSet, testSet),
        ClassList.resolve(names, name, k));
  }

  /** (1, n, n) when {@code pixels} is n * n. */
  static int[] inferSquare(Path file, int pixels) {
    int side = (int) Math.round(Math.sqrt(pixels));
    if (side * side != pixels) {
      throw new DataException(file + ": " + pixels + " pixels per row is not a square image;"
          + " give the shape with --shape HxW (or CxHxW for C channels, stored channel by channel)");
    }
    return new int[] {1, side, side};
  }

  /**
   * Parses {@code HxW} (one channel) or {@code CxHxW} into (channels, rows, cols).
   *
   * @throws IllegalArgumentException for anything else, or a size below 1
   */
  public static int[] parseShape(String text, String option) {
    String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x", -1);
    try {
      int[] dims = new int[parts.length];
      for (int i = 0; i < parts.length; i++) {
        dims[i] = Integer.parseInt(parts[i].trim());
        if (dims[i] < 1) {
          throw new NumberFormatException();
        }
      }
      if (dims.length == 2) {
        return new int[] {1, dims[0], dims[1]};
      }
      if (dims.length == 3) {
        return dims;
      }
    } catch (NumberFormatException e) {
      // fall through to the one message
    }
    throw new IllegalArgumentException(option + " '" + text
        + "': expected HxW such as 28x28, or CxHxW such as 3x32x32 (positive sizes)");
  }
}
