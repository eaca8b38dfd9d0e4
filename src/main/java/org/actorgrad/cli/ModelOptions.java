package org.actorgrad.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The trained model a command reads. */
final class ModelOptions {
  @Option(names = "--model", paramLabel = "FILE",
      description = "trained model or checkpoint (default: model.agc in --run-dir)")
  Path model;

  // Shown, not hidden: --model's default names it, and ACTORGRAD_RUN_DIR can move it.
  @Option(names = "--run-dir", paramLabel = "DIR",
      description = "the run whose model.agc is read when --model is not given (default: ${DEFAULT-VALUE})")
  Path runDir;

  Path path() {
    return model != null ? model : runDir.resolve("model.agc");
  }
}
