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

/**
 * {@code download}: makes a folder hold a data set's four files intact. Files already there are
 * checked against the canonical content (decompressed IDX header, length and SHA-256); a damaged
 * one is named on stderr, fetched again and kept beside as {@code NAME.damaged}. Exit 0 when the
 * four files are intact, 1 when one is missing or damaged and cannot be fetched.
 */
@Command(name = "download", mixinStandardHelpOptions = true,
    description = {"Downloads a data set's four IDX files (size and MD5 verified) and prints where they are.",
        "Files already in place are checked first (their decompressed content against the canonical"
            + " files' size and SHA-256): a damaged one is named, fetched again, and kept as NAME.damaged;"
            + " exit 1 when that fails. Where both NAME and NAME.gz exist, NAME.gz is the one read."})
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
      Downloader downloader = downloaderFor(dataset);
      Path folder = dataDir != null ? dataDir : DatasetLocator.downloadFolder(dataset, projectDir);
      for (String note : downloader.download(folder)) {
        err.println("warning: " + UserErrors.oneLine(note));
      }
      err.flush();
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
