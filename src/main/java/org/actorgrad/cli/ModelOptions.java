package org.actorgrad.cli;

import java.nio.file.Path;
import org.actorgrad.checkpoint.RunsFolder;
import picocli.CommandLine.Option;

/** The trained model a command reads. */
final class ModelOptions {
  @Option(names = "--model", paramLabel = "FILE",
      description = "trained model or checkpoint, or a run folder (its model.agc) (default: model.agc in --run-dir)")
  Path model;

  // Shown, not hidden: --model's default names it, and ACTORGRAD_RUN_DIR can move it.
  @Option(names = "--run-dir", paramLabel = "DIR",
      description = "the run whose model.agc is read when --model is not given (default: ${DEFAULT-VALUE})")
  Path runDir;

  /** The model file: {@code --model}, else model.agc of the run {@code --run-dir} is or points at. */
  Path path() {
    if (model != null) {
      return model;
    }
    // runs/latest is a link (followed by the file system) or, where links are not allowed, a file naming the run
    if (RunsFolder.isPointer(runDir) && java.nio.file.Files.isRegularFile(runDir) && runDir.getParent() != null) {
      try {
        return new RunsFolder(runDir.getParent()).latest().orElse(runDir).resolve("model.agc");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return runDir.resolve("model.agc");
  }
}
