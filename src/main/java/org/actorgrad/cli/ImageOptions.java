package org.actorgrad.cli;

import org.actorgrad.data.Dataset;
import org.actorgrad.data.LoadedData;
import picocli.CommandLine.Option;

/** Which image of the data set: an index into the test (default) or training set. */
final class ImageOptions {
  @Option(names = "--index", description = "index of the image in the set")
  Integer index;

  @Option(names = "--set", defaultValue = "test", description = "test or train (default: ${DEFAULT-VALUE})")
  String set;

  /**
   * The set {@code --index} points into, after checking the index.
   *
   * @throws IllegalArgumentException without {@code --index}, or for an index out of range
   */
  Dataset dataset(LoadedData data) {
    if (index == null) {
      throw new IllegalArgumentException("expected --index N: which image of the " + set + " set");
    }
    Dataset d = switch (set) {
      case "test" -> data.test();
      case "train" -> data.train();
      default -> throw new IllegalArgumentException("--set must be test or train, got '" + set + "'");
    };
    if (index < 0 || index >= d.count()) {
      throw new IllegalArgumentException("--index " + index + " is out of range: the " + set
          + " set has images 0 to " + (d.count() - 1));
    }
    return d;
  }
}
