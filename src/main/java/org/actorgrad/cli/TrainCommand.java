package org.actorgrad.cli;

import com.typesafe.config.ConfigFactory;
import java.util.concurrent.Callable;
import org.actorgrad.training.ActorSystemWarmup;
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
        "SIGTERM or Ctrl-C finishes the current step, checkpoints it and exits 143 or 130 (--resume continues); a second one stops at once."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:done",
        "1:failure: a file or data set it reads cannot be used (missing, damaged; --data, --model, --config), a run folder or port is in use, or the run failed",
        "2:usage error: an option is unknown, malformed or out of range, or contradicts another or the run, model or data it names, or the configuration does not parse",
        "130:stopped by Ctrl-C after checkpointing the step",
        "143:stopped by SIGTERM after checkpointing the step"})
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin TrainingOptions options;
  @Mixin UiOptions ui;

  @Override
  public Integer call() throws Exception {
    ActorSystemWarmup.startOnce(); // Pekko's classes load on the core the data load leaves idle
    JsonWarmup.startOnce(); // and Jackson's, not at the first epoch's end
    return TrainingSession.run(options, ui, spec, (run, listener, observer, tap) ->
        LocalTraining.run(run, listener, observer, ConfigFactory.empty(), tap));
  }
}
