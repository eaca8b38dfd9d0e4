package org.actorgrad.cli;

import com.typesafe.config.ConfigFactory;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.actorgrad.cluster.ClusterConfig;
import org.actorgrad.cluster.ClusterTraining;
import org.actorgrad.cluster.HostPort;
import org.actorgrad.cluster.Ports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trainer coordinator}: trains with workers in other JVMs ({@code trainer worker}), which
 * join it through a Pekko cluster. Same options and same math as {@code trainer}.
 */
@Command(
    name = "coordinator",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Trains with worker nodes in other JVMs or on other hosts (start them with 'trainer worker --join HOST:PORT').",
        "Training starts once --min-workers workers have joined; the weights are those of a local run with the same partitions.",
        "SIGTERM or Ctrl-C finishes the current step, checkpoints it and exits 143 or 130 (--resume continues); a second one stops at once."})
public final class CoordinatorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin TrainingOptions options;
  @Mixin UiOptions ui;

  @Option(names = "--min-workers", paramLabel = "N",
      description = "remote workers to wait for before training starts; they also set the default --partitions (default: ${DEFAULT-VALUE})",
      defaultValue = "1")
  int minWorkers;

  @Option(names = "--wait", paramLabel = "DURATION",
      description = "give up when --min-workers workers have not joined within DURATION (examples: 90s, 5m; default: wait for ever, saying every 5 s how many are here)")
  String wait;

  @Option(names = "--bind", paramLabel = "HOST:PORT",
      description = "the address workers join (default: 127.0.0.1:2552, or ACTORGRAD_HOST and ACTORGRAD_PORT)")
  String bind;

  @Override
  public Integer call() throws Exception {
    JsonWarmup.startOnce(); // Jackson's classes load now, not at the first epoch's end while workers wait
    // Local workers only when asked for: here --workers counts the workers in this JVM, which
    // share the partitions with the remote ones.
    int localWorkers = spec.commandLine().getParseResult().hasMatchedOption("--workers") ? options.workers : 0;
    if (minWorkers < 0 || localWorkers < 0) {
      throw new IllegalArgumentException("--min-workers and --workers must be 0 or more");
    }
    if (minWorkers + localWorkers < 1) {
      throw new IllegalArgumentException("no workers: give --min-workers N (remote) or --workers N (local)");
    }
    Optional<Duration> waitLimit = Optional.ofNullable(wait).map(TrainingOptions::parseDuration);
    if (waitLimit.isPresent() && (waitLimit.get().isZero() || waitLimit.get().isNegative())) {
      throw new IllegalArgumentException("--wait must be more than 0, found '" + wait + "'");
    }
    HostPort address = bind == null ? ClusterConfig.defaultCoordinatorAddress() : HostPort.parse(bind, 2552);
    Ports.requireFree(address, "--bind"); // before the data is loaded, not after
    // The run starts with this many workers: the default partition count, and what the header shows.
    options.workers = minWorkers + localWorkers;
    options.remoteWorkers = minWorkers;
    PrintWriter out = spec.commandLine().getOut();
    ClusterTraining.Settings cluster = new ClusterTraining.Settings(address, minWorkers, localWorkers, line -> {
      out.println(line);
      out.flush();
    }, options.verbose ? ConfigFactory.parseString("pekko.loglevel = INFO\nactorgrad.cluster.log-level = INFO") : ConfigFactory.empty(), waitLimit);
    return TrainingSession.run(options, ui, spec,
        (run, listener, observer, tap) -> ClusterTraining.run(run, listener, observer, cluster, tap));
  }
}
