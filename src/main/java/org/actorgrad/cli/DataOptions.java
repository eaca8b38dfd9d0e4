package org.actorgrad.cli;

import java.nio.file.Path;
import org.actorgrad.data.DatasetLocator;
import org.actorgrad.data.Downloader;
import org.actorgrad.data.LoadedData;
import picocli.CommandLine.Option;

/** Which data set and where it is: shared by every command that reads data. */
final class DataOptions {
  @Option(names = "--dataset", description = "mnist or fashion-mnist (default: ${DEFAULT-VALUE})")
  String dataset;

  @Option(names = "--data", paramLabel = "DIR",
      description = "folder holding the four IDX files (default: dataset/<name>/, else download)")
  String data;

  LoadedData load(boolean showProgress) {
    Path dir = data == null || data.isBlank() ? null : Path.of(data);
    Path folder = DatasetLocator.locate(
        dataset, dir, Settings.home(), true, Downloader.forDataset(dataset, showProgress));
    return DatasetLocator.load(folder, dataset);
  }
}
