package org.actorgrad.data;

import java.util.List;
import java.util.Objects;

/**
 * A data set's training and test parts, with its identity and its class names.
 *
 * <p>{@code fingerprint} is the SHA-256 (lowercase hex) of what is trained on; checkpoints record it
 * and {@code --resume} refuses other data. For IDX files it is the digest of the decompressed
 * contents of the four files concatenated in canonical order (train images, train labels, test
 * images, test labels), so a gzip and a raw copy of the same data have the same fingerprint; for
 * CSV files and image folders see {@link ContentFingerprint}.
 *
 * <p>{@code classNames} has one name per class 0..K-1 (K = {@code train.classes()}).
 *
 * <p>{@code origin} is where it was read from ({@link DataSource#load} sets it), or null for data
 * made in memory (tests, the API's own {@code Dataset}s).
 */
public record LoadedData(Dataset train, Dataset test, String fingerprint, List<String> classNames, DataOrigin origin) {
  public LoadedData {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(fingerprint, "fingerprint");
    if (train.classes() != test.classes() || train.channels() != test.channels()
        || train.rows() != test.rows() || train.cols() != test.cols()) {
      throw new IllegalArgumentException("expected the test set's shape and classes to match the"
          + " training set's, found " + test + " with " + test.classes() + " classes vs " + train
          + " with " + train.classes());
    }
    classNames = List.copyOf(classNames);
    if (classNames.size() != train.classes()) {
      throw new IllegalArgumentException("expected " + train.classes() + " class names, found "
          + classNames.size());
    }
  }

  /** Data made in memory, of no origin. */
  public LoadedData(Dataset train, Dataset test, String fingerprint, List<String> classNames) {
    this(train, test, fingerprint, classNames, null);
  }

  /** The same data, read from {@code origin}. */
  public LoadedData from(DataOrigin origin) {
    return new LoadedData(train, test, fingerprint, classNames, origin);
  }

  /** With the label numbers as class names. */
  public LoadedData(Dataset train, Dataset test, String fingerprint) {
    this(train, test, fingerprint, ClassList.numbers(train.classes()));
  }

  /** K: the number of classes. */
  public int classes() {
    return train.classes();
  }
}
