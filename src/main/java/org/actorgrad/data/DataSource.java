package org.actorgrad.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.actorgrad.model.NetworkSpec;

/**
 * Where a run's labelled images come from, and the one place that tells the kinds of source apart
 * (the command line's {@code --data} options and the Java API's {@code TrainOptions} both load
 * through it, so they cannot disagree). {@code data} names one of three kinds, told apart by what
 * is there:
 * <ul>
 *   <li>a {@code .csv} file, with {@code testData} the test file ({@link CsvData}: label, then the
 *       pixels 0-255, per row; {@code shape} HxW or CxHxW, else a square single-channel image);
 *   <li>a folder in torchvision's ImageFolder layout, {@code train/<class>/} and {@code test/<class>/}
 *       ({@link ImageFolders}: {@code channels} 1 makes grey, 3 keeps red, green, blue;
 *       {@code resize} HxW by area averaging, else all of one size);
 *   <li>any other folder: the four MNIST-format IDX files ({@link DatasetLocator}).
 * </ul>
 * Without {@code data}, {@code dataset} names a known IDX set (mnist or fashion-mnist), found under
 * the home folder or downloaded. The source's name (in checkpoints and messages) is
 * {@code dataset} when {@code datasetGiven}, else the folder's or CSV file's name.
 * {@code classes} 0 takes the class count from classes.txt or the labels. Errors name the
 * command line's options ({@code --test-data}, ...), which the API's setters are named after.
 *
 * @param testData the test CSV file; null for the other kinds
 * @param shape a CSV's image shape, {@code HxW} or {@code CxHxW}; null for the default
 * @param channels 1 or 3, for image folders; 1 for the other kinds
 * @param resize {@code HxW} for image folders; null to require one size
 */
public record DataSource(String dataset, boolean datasetGiven, Path data, Path testData, int classes,
    String shape, int channels, String resize) {
  /** The kinds of source, as {@link #kind()} tells them apart. */
  public enum Kind { CSV, IMAGE_FOLDERS, IDX_FOLDER, KNOWN_DATASET }

  /** The known data set {@code name} (mnist or fashion-mnist), found or downloaded. */
  public static DataSource known(String name) {
    return new DataSource(name, true, null, null, 0, null, 1, null);
  }

  /** What {@code data} names, from what is there (a missing path counts as an IDX folder, reported when loaded). */
  public Kind kind() {
    if (data == null) {
      return Kind.KNOWN_DATASET;
    }
    if (Files.isRegularFile(data) && data.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
      return Kind.CSV;
    }
    return ImageFolders.isLayout(data) ? Kind.IMAGE_FOLDERS : Kind.IDX_FOLDER;
  }

  /**
   * Loads the data.
   *
   * @param home the folder holding {@code dataset/<name>/} for a known data set
   * @param download whether a known data set missing there may be downloaded
   * @throws IllegalArgumentException for options that do not fit the kind of source, in one line
   * @throws DataException for data that cannot be found or read, naming the file
   */
  public LoadedData load(Path home, boolean download, boolean showProgress) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("--channels " + channels + ": expected 1 (grey) or 3 (red, green, blue)");
    }
    Kind kind = kind();
    if (kind == Kind.CSV) {
      requireNone(resize, "--resize", "image folders");
      if (channels != 1) {
        throw new IllegalArgumentException("--channels is only for image folders; give a CSV's channels with --shape CxHxW");
      }
      if (testData == null || testData.toString().isBlank()) {
        throw new IllegalArgumentException("--data " + data + " is a file: give the test rows too,"
            + " with --test-data FILE (same layout: label, then pixels)");
      }
      int[] s = shape == null || shape.isBlank() ? null : CsvData.parseShape(shape, "--shape");
      return CsvData.load(data, testData, s, classes, datasetGiven ? dataset : stem(data))
          .from(DataOrigin.of(data, testData, null));
    }
    requireNone(testData == null ? null : testData.toString(), "--test-data", "a CSV --data file");
    requireNone(shape, "--shape", "a CSV --data file");
    if (kind == Kind.IMAGE_FOLDERS) {
      int[] size = resize == null || resize.isBlank() ? null : parseSize(resize);
      return ImageFolders.load(data, channels, size, datasetGiven ? dataset : folderName(data))
          .from(DataOrigin.of(data, null, resize));
    }
    requireNone(resize, "--resize", "image folders (DIR/train/<class>/, DIR/test/<class>/)");
    if (channels != 1) {
      throw new IllegalArgumentException("--channels is only for image folders (DIR/train/<class>/, DIR/test/<class>/)");
    }
    if (kind == Kind.IDX_FOLDER) { // any IDX folder: nothing to download
      String name = datasetGiven ? dataset : folderName(data);
      return DatasetLocator.load(DatasetLocator.locate(name, data, home, false, null), name, classes)
          .from(DataOrigin.of(data, null, null));
    }
    Path folder = DatasetLocator.locate(dataset, null, home, download,
        download ? Downloader.forDataset(dataset, showProgress) : null);
    return DatasetLocator.load(folder, dataset, classes).from(DataOrigin.BY_NAME);
  }

  /**
   * The network's last layer must have one output per class.
   *
   * @throws IllegalArgumentException in one line saying how to end {@code --layers}
   */
  public static void requireOutputs(LoadedData data, String layers) {
    int k = data.classes();
    int outputs = NetworkSpec.outputs(layers);
    if (outputs != k) {
      throw new IllegalArgumentException("the data has " + k + " classes (labels 0-" + (k - 1)
          + ") but the last layer of --layers " + layers + " has " + outputs
          + " outputs: end it with " + k + ":softmax, e.g. --layers 128:relu," + k + ":softmax");
    }
  }

  private static void requireNone(String value, String option, String forWhat) {
    if (value != null && !value.isBlank()) {
      throw new IllegalArgumentException(option + " is only for " + forWhat);
    }
  }

  private static int[] parseSize(String text) {
    int[] s = CsvData.parseShape(text, "--resize");
    if (text.toLowerCase(Locale.ROOT).split("x").length != 2) {
      throw new IllegalArgumentException("--resize '" + text + "': expected HxW such as 28x28");
    }
    return new int[] {s[1], s[2]};
  }

  private static String folderName(Path dir) {
    Path name = dir.toAbsolutePath().normalize().getFileName();
    return name == null ? "data" : name.toString();
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
