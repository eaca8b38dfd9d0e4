package org.actorgrad.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Finds a data set's folder (downloading it if allowed) and loads its four files. */
public final class DatasetLocator {
  /** Where Debian's package dataset-fashion-mnist installs the files. */
  static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
  /** The data set whose four files may also lie in {@code dataset/} itself. */
  static final String FILES_IN_DATASET_FOLDER = "mnist";

  private DatasetLocator() {}

  /**
   * Finds (or downloads) the four files for {@code --dataset name}: {@code dataDir} if given (it
   * must exist and hold them, else a clear error), else {@code <projectDir>/dataset/<name>/}, else
   * for fashion-mnist {@code /usr/share/datasets/fashion-mnist}, else for mnist
   * {@code <projectDir>/dataset/} itself, else downloads into
   * {@code <projectDir>/dataset/<name>/} when {@code allowDownload}. Returns the folder.
   *
   * @throws DataException when the files are not found and cannot be downloaded
   * @throws IllegalArgumentException for an unknown data set name without {@code dataDir}
   */
  public static Path locate(String name, Path dataDir, Path projectDir, boolean allowDownload,
      Downloader downloader) {
    return locate(name, dataDir, projectDir, allowDownload, downloader, systemFolders(name));
  }

  /** As {@link #locate(String, Path, Path, boolean, Downloader)}, with the system folders given (for tests). */
  static Path locate(String name, Path dataDir, Path projectDir, boolean allowDownload,
      Downloader downloader, List<Path> systemFolders) {
    if (dataDir != null) { // any IDX folder: the name is only a label then
      if (!Files.isDirectory(dataDir)) {
        throw new DataException("--data " + dataDir.toAbsolutePath() + ": "
            + (Files.exists(dataDir) ? "is not a folder" : "no such folder")
            + ", expected a folder holding " + String.join(", ", DatasetFiles.gzipNames())
            + " (gzip or uncompressed)");
      }
      List<String> missing = DatasetFiles.missing(dataDir);
      if (!missing.isEmpty()) {
        throw new DataException("--data " + dataDir.toAbsolutePath() + ": missing "
            + describeMissing(missing) + ", expected all of "
            + String.join(", ", DatasetFiles.gzipNames()) + " (gzip or uncompressed)");
      }
      return dataDir;
    }
    DatasetFiles.requireKnown(name);
    Path projectFolder = projectFolder(projectDir, name);
    List<Path> searched = searched(name, projectDir, systemFolders);
    for (Path folder : searched) {
      if (DatasetFiles.missing(folder).isEmpty()) {
        return folder;
      }
    }
    if (allowDownload) {
      downloader.download(projectFolder);
      return projectFolder;
    }
    throw new DataException(name + ": the data set is not in " + joinPaths(searched)
        + " and downloading is off; " + DatasetFiles.whereToPutThem(projectFolder));
  }

  /**
   * The folder {@code trainer download --dataset name} fills and checks: the first searched
   * folder that holds the four files (the one training would read), else the project folder.
   *
   * @throws IllegalArgumentException for an unknown data set name
   */
  public static Path downloadFolder(String name, Path projectDir) {
    DatasetFiles.requireKnown(name);
    for (Path folder : searched(name, projectDir, systemFolders(name))) {
      if (DatasetFiles.missing(folder).isEmpty()) {
        return folder;
      }
    }
    return projectFolder(projectDir, name);
  }

  private static List<Path> searched(String name, Path projectDir, List<Path> systemFolders) {
    List<Path> searched = new ArrayList<>();
    searched.add(projectFolder(projectDir, name));
    searched.addAll(systemFolders);
    if (name.equals(FILES_IN_DATASET_FOLDER)) {
      // The seed project's set-up puts the MNIST files straight into dataset/. Files cannot say
      // which data set they hold, so dataset/ itself stands for mnist only, never for another.
      searched.add(projectDir.resolve("dataset"));
    }
    return searched;
  }

  /** {@code <projectDir>/dataset/<name>}: where downloads go and where a user puts files by hand. */
  public static Path projectFolder(Path projectDir, String name) {
    return projectDir.resolve("dataset").resolve(name);
  }

  /** As {@link #load(Path, String, int)} with the class count taken from the data. */
  public static LoadedData load(Path folder, String name) {
    return load(folder, name, 0);
  }

  /**
   * Reads the four canonical files of {@code folder}, each as {@code NAME.gz} or {@code NAME}
   * (compression detected by content), and checks that images and labels agree. The class count K
   * is {@code classes} if positive, else the number of names in {@code folder/classes.txt} if there
   * is one, else the largest label + 1; every label must be below K. Class names come from
   * classes.txt, else the known names of {@code name}, else the label numbers.
   *
   * @throws DataException naming the file at fault
   */
  public static LoadedData load(Path folder, String name, int classes) {
    Path[] files = new Path[DatasetFiles.BASE_NAMES.size()];
    for (int i = 0; i < files.length; i++) {
      String base = DatasetFiles.BASE_NAMES.get(i);
      files[i] = DatasetFiles.find(folder, base);
      if (files[i] == null) {
        // Let the reader report it, naming the expected gzip file, whether it is missing or a folder.
        files[i] = folder.resolve(base + ".gz");
      }
    }
    MessageDigest digest = sha256();
    IdxReader.Images trainImages = IdxReader.readImages(files[0], digest);
    byte[] trainLabels = readLabels(files[1], trainImages, files[0], digest);
    IdxReader.Images testImages = IdxReader.readImages(files[2], digest);
    byte[] testLabels = readLabels(files[3], testImages, files[2], digest);
    if (trainImages.rows() != testImages.rows() || trainImages.cols() != testImages.cols()
        || trainImages.channels() != testImages.channels()) {
      throw new DataException(files[2] + ": images of " + shape(testImages) + ", expected the "
          + shape(trainImages) + " of " + files[0].getFileName());
    }
    List<String> names = ClassList.readBeside(folder);
    int k = ClassList.count(classes, names, folder,
        new String[] {files[1].toString(), files[3].toString()}, trainLabels, testLabels);
    Dataset train = Dataset.of(name + "/train", trainImages.channels(), trainImages.rows(), trainImages.cols(),
        k, trainImages.pixels(), trainLabels);
    Dataset test = Dataset.of(name + "/test", testImages.channels(), testImages.rows(), testImages.cols(), k,
        testImages.pixels(), testLabels);
    return new LoadedData(train, test, HexFormat.of().formatHex(digest.digest()),
        ClassList.resolve(names, name, k));
  }

  private static String shape(IdxReader.Images images) {
    return Dataset.describeShape(images.channels(), images.rows(), images.cols());
  }

  private static byte[] readLabels(Path labelsFile, IdxReader.Images images, Path imagesFile,
      MessageDigest digest) {
    byte[] labels = IdxReader.readLabels(labelsFile, digest);
    if (labels.length != images.count()) {
      throw new DataException(labelsFile + ": holds " + labels.length + " labels, expected one for each of the "
          + images.count() + " images in " + imagesFile.getFileName());
    }
    return labels;
  }

  private static List<Path> systemFolders(String name) {
    return name.equals("fashion-mnist") ? List.of(DEBIAN_FASHION_MNIST) : List.of();
  }

  private static String describeMissing(List<String> bases) {
    List<String> names = new ArrayList<>();
    for (String base : bases) {
      names.add(base + "(.gz)");
    }
    return String.join(", ", names);
  }

  private static String joinPaths(List<Path> folders) {
    List<String> names = new ArrayList<>();
    for (Path folder : folders) {
      names.add(folder.toAbsolutePath().toString());
    }
    return String.join(" or ", names);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }
}
