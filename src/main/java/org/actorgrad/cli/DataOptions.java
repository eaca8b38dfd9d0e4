package org.actorgrad.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.actorgrad.data.DataOrigin;
import org.actorgrad.data.DatasetFiles;
import org.actorgrad.data.DataSource;
import org.actorgrad.data.LoadedData;
import org.actorgrad.training.RunHeader;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * Which data set and where it is: the options of every command that reads data, turned into a
 * {@link DataSource} (which tells the kinds apart: a {@code .csv} file with {@code --test-data}, a
 * folder in torchvision's ImageFolder layout, or a folder of the four MNIST-format IDX files;
 * without {@code --data}, {@code --dataset} names a known IDX set that is found or downloaded).
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
   * The source these options name ({@link DataSource}, where the kinds are told apart). Its name
   * (in checkpoints and messages) is {@code --dataset} if given on the command line, else with
   * {@code --data} the folder's or CSV file's name, else the default.
   *
   * @param given what the command line named, or null to take {@code --dataset} as given
   */
  DataSource source(ParseResult given) {
    boolean named = given == null || given.hasMatchedOption("--dataset");
    return new DataSource(dataset, named, blank(data) ? null : Path.of(data),
        blank(testData) ? null : Path.of(testData), classes, shape, channels, resize);
  }

  /**
   * Loads the data of {@link #source}, downloading a known data set that is missing.
   *
   * @throws IllegalArgumentException for options that do not fit the kind of source
   * @throws org.actorgrad.data.DataException for data that cannot be read, naming the file
   */
  LoadedData load(ParseResult given, boolean showProgress) {
    return source(given).load(Settings.home(), true, showProgress);
  }

  /**
   * The data a model (or a resumed run) trained on {@code trained} is used with: these options' data
   * when they name it ({@code --data}, or a {@code --dataset} typed on the command line), else the
   * data its header says it was read from ({@link DataOrigin}): the same path (never a download), or
   * the known data set it found by name. A header without an origin (written before it existed) is
   * taken by name only when its name and sizes are those of a known data set (60,000 training and
   * 10,000 test images); otherwise {@code --data} is asked for, naming the data set it trained on.
   *
   * @param given the command line, or null (a resume: its data set's name is the run's)
   * @throws IllegalArgumentException in one line when the data must be named with {@code --data}
   */
  LoadedData loadFor(RunHeader.DataIdentity trained, ParseResult given, boolean showProgress) {
    if (!blank(data) || given != null && given.hasMatchedOption("--dataset")) {
      return load(given, showProgress);
    }
    DataOrigin origin = trained.origin();
    boolean known = DatasetFiles.KNOWN_DATASETS.contains(trained.dataset());
    if (origin == null && known && trained.trainCount() == 60_000 && trained.testCount() == 10_000
        || origin != null && origin.byName()) {
      if (!known) { // a header edited by hand: no download of a set it does not name
        throw needData(trained, "names no known data set to find by name");
      }
      return DataSource.known(trained.dataset()).load(Settings.home(), true, showProgress);
    }
    if (origin == null) {
      throw needData(trained, "is not recorded in the model's file (written before files kept it)");
    }
    Path path = Path.of(origin.path());
    if (!java.nio.file.Files.exists(path)) {
      throw needData(trained, "was read from " + path + ", which is not there any more");
    }
    int classesOf = trained.classNames().size();
    DataSource at = new DataSource(trained.dataset(), true, path, null, classesOf, null, 1, null);
    List<Integer> shape = trained.shape(); // (C, H, W)
    at = switch (at.kind()) {
      case CSV -> new DataSource(trained.dataset(), true, path, Path.of(origin.testPath()), classesOf,
          shape.get(0) + "x" + shape.get(1) + "x" + shape.get(2), 1, null);
      case IMAGE_FOLDERS -> new DataSource(trained.dataset(), true, path, null, classesOf, null, shape.get(0),
          origin.resize().isEmpty() ? null : origin.resize());
      default -> at;
    };
    return at.load(Settings.home(), false, showProgress);
  }

  private static IllegalArgumentException needData(RunHeader.DataIdentity trained, String why) {
    String sha = trained.sha256();
    return new IllegalArgumentException(String.format(Locale.ROOT, "--data is needed: the data the model was trained"
        + " on, %s (%,d training and %,d test images of %s, classes %s, sha256 %s), %s: name those files with --data",
        trained.dataset(), trained.trainCount(), trained.testCount(),
        trained.shape().get(0) + "x" + trained.shape().get(1) + "x" + trained.shape().get(2),
        trained.classNames().size() <= 4 ? String.join(", ", trained.classNames())
            : String.join(", ", trained.classNames().subList(0, 4)) + ", ...",
        sha.length() > 12 ? sha.substring(0, 12) + "..." : sha, why));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
