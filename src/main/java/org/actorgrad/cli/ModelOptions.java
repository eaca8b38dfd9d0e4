package org.actorgrad.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The trained model a command reads. */
final class ModelOptions {
  @Option(names = "--model", paramLabel = "FILE",
      description = "trained model or checkpoint (default: <run-dir>/model.agc)")
  Path model;

  @Option(names = "--run-dir", hidden = true)
  Path runDir;

  Path path() {
    return model != null ? model : runDir.resolve("model.agc");
  }
}
