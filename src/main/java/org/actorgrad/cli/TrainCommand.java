package org.actorgrad.cli;

import com.typesafe.config.ConfigFactory;
import java.util.concurrent.Callable;
import org.actorgrad.training.LocalTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code trainer [options]}: trains a network data-parallel on worker actors in this JVM. */
@Command(
    name = "trainer",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Trains a feedforward network data-parallel on worker actors.",
        "The same seed and partitions give bit-identical weights whatever the worker count.",
        "SIGTERM or Ctrl-C finishes the current step, checkpoints it and exits 143 or 130 (--resume continues); a second one stops at once."})
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin TrainingOptions options;
  @Mixin UiOptions ui;

  @Override
  public Integer call() throws Exception {
    return TrainingSession.run(options, ui, spec, (run, listener, observer, tap) ->
        LocalTraining.run(run, listener, observer, ConfigFactory.empty(), tap));
  }
}
