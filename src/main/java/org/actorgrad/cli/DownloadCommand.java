package org.actorgrad.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.actorgrad.data.DataException;
import org.actorgrad.data.DatasetFiles;
import org.actorgrad.data.DatasetLocator;
import org.actorgrad.data.Downloader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code download}: fetches a data set's four files (or says where they already are). */
@Command(name = "download", mixinStandardHelpOptions = true,
    description = "Downloads a data set's four IDX files (size and MD5 verified) and prints where they are.")
public final class DownloadCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "mnist",
      description = "mnist or fashion-mnist (default: ${DEFAULT-VALUE})")
  private String dataset;

  @Option(names = "--data", paramLabel = "DIR",
      description = "download into DIR instead of dataset/<name>/ under the project folder")
  private Path dataDir;

  private final Path projectDir;
  private final Function<String, Downloader> downloaders;

  /** Downloads into the current folder's {@code dataset/<name>/} from the real mirrors, with a progress bar. */
  public DownloadCommand() {
    this(Settings.home(), name -> Downloader.forDataset(name, true));
  }

  /** For tests and embedding: the project folder and the downloader to use for a data set name. */
  public DownloadCommand(Path projectDir, Function<String, Downloader> downloaders) {
    this.projectDir = projectDir;
    this.downloaders = downloaders;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Path folder;
      if (dataDir != null) {
        folder = dataDir;
        downloaderFor(dataset).download(folder);
      } else {
        folder = DatasetLocator.locate(dataset, null, projectDir, true, downloaderFor(dataset));
      }
      out.println(dataset + ": the four files are in " + folder.toAbsolutePath());
      out.flush();
      return 0;
    } catch (DataException | IllegalArgumentException e) {
      err.println("download: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private Downloader downloaderFor(String name) {
    DatasetFiles.requireKnown(name);
    return downloaders.apply(name);
  }
}
