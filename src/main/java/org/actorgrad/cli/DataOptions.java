package org.actorgrad.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.actorgrad.data.CsvData;
import org.actorgrad.data.DatasetLocator;
import org.actorgrad.data.Downloader;
import org.actorgrad.data.ImageFolders;
import org.actorgrad.data.LoadedData;
import org.actorgrad.model.NetworkSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * Which data set and where it is: shared by every command that reads data. {@code --data} names
 * one of three kinds of source, told apart by what is there: a {@code .csv} file (with {@code --test-data}),
 * a folder in torchvision's ImageFolder layout ({@code train/<class>/}, {@code test/<class>/}), or a
 * folder of the four MNIST-format IDX files. Without {@code --data}, {@code --dataset} names a known
 * IDX set that is found or downloaded.
 */
final class DataOptions {
  @Option(names = "--dataset", description = "mnist or fashion-mnist; with --data, any name (default: ${DEFAULT-VALUE})")
  String dataset;

  @Option(names = "--data", paramLabel = "DIR|FILE",
      description = "a folder of the four IDX files, a folder with train/<class>/ and test/<class>/ images,"
          + " or a training .csv file (label, then pixels 0-255, per row) (default: dataset/<name>/, else download)")
  String data;

  @Option(names = "--test-data", paramLabel = "FILE", description = "the test CSV file, with a CSV --data")
  String testData;

  @Option(names = "--classes", paramLabel = "K",
      description = "labels are 0..K-1 (default: the names in classes.txt beside the data, else the largest label + 1)")
  int classes;

  @Option(names = "--shape", paramLabel = "HxW|CxHxW",
      description = "image shape of a CSV's rows, pixels channel by channel (default: square, one channel)")
  String shape;

  @Option(names = "--channels", paramLabel = "1|3",
      description = "image folders: 1 converts to grey (BT.601 luma), 3 keeps red, green, blue (default: 1)")
  int channels = 1;

  @Option(names = "--resize", paramLabel = "HxW",
      description = "image folders: resize every image to HxW by area averaging (default: all must have one size)")
  String resize;

  /**
   * Loads the data. Its name (in checkpoints and messages) is {@code --dataset} if given on the
   * command line, else with {@code --data} the folder's or CSV file's name, else the default.
   *
   * @param given what the command line named, or null to take {@code --dataset} as given
   * @throws IllegalArgumentException for options that do not fit the kind of source
   * @throws org.actorgrad.data.DataException for data that cannot be read, naming the file
   */
  LoadedData load(ParseResult given, boolean showProgress) {
    Path path = data == null || data.isBlank() ? null : Path.of(data);
    boolean named = given == null || given.hasMatchedOption("--dataset");
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("--channels " + channels + ": expected 1 (grey) or 3 (red, green, blue)");
    }
    if (path != null && Files.isRegularFile(path)
        && path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
      requireNone(resize, "--resize", "image folders");
      if (channels != 1) {
        throw new IllegalArgumentException("--channels is only for image folders; give a CSV's channels with --shape CxHxW");
      }
      if (testData == null || testData.isBlank()) {
        throw new IllegalArgumentException("--data " + data + " is a file: give the test rows too,"
            + " with --test-data FILE (same layout: label, then pixels)");
      }
      String name = named ? dataset : stem(path);
      int[] s = shape == null || shape.isBlank() ? null : CsvData.parseShape(shape, "--shape");
      return CsvData.load(path, Path.of(testData), s, classes, name);
    }
    requireNone(testData, "--test-data", "a CSV --data file");
    requireNone(shape, "--shape", "a CSV --data file");
    if (path != null && ImageFolders.isLayout(path)) {
      int[] size = resize == null || resize.isBlank() ? null : parseSize(resize);
      return ImageFolders.load(path, channels, size, named ? dataset : folderName(path));
    }
    requireNone(resize, "--resize", "image folders (DIR/train/<class>/, DIR/test/<class>/)");
    if (channels != 1) {
      throw new IllegalArgumentException("--channels is only for image folders (DIR/train/<class>/, DIR/test/<class>/)");
    }
    if (path != null) { // any IDX folder: nothing to download
      String name = named ? dataset : folderName(path);
      return DatasetLocator.load(DatasetLocator.locate(name, path, Settings.home(), false, null), name, classes);
    }
    Path folder = DatasetLocator.locate(
        dataset, null, Settings.home(), true, Downloader.forDataset(dataset, showProgress));
    return DatasetLocator.load(folder, dataset, classes);
  }

  /**
   * The network's last layer must have one output per class.
   *
   * @throws IllegalArgumentException in one line saying how to end {@code --layers}
   */
  static void requireOutputs(LoadedData data, String layers) {
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
    if (text.toLowerCase(java.util.Locale.ROOT).split("x").length != 2) {
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
