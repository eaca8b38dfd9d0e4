package org.actorgrad.cli;

import org.actorgrad.data.Dataset;
import org.actorgrad.data.LoadedData;
import picocli.CommandLine.Option;

/** Which image: an index into the test (default) or training set. */
final class ImageOptions {
  @Option(names = "--index", required = true, description = "index of the image in the set")
  int index;

  @Option(names = "--set", defaultValue = "test", description = "test or train (default: ${DEFAULT-VALUE})")
  String set;

  Dataset dataset(LoadedData data) {
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
