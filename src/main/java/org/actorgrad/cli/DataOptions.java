package org.actorgrad.cli;

import java.nio.file.Path;
import org.actorgrad.data.DataSource;
import org.actorgrad.data.LoadedData;
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

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
