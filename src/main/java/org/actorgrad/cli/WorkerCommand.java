package org.actorgrad.cli;

import com.typesafe.config.ConfigFactory;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.actorgrad.cluster.ClusterConfig;
import org.actorgrad.cluster.ClusterWorker;
import org.actorgrad.cluster.HostPort;
import org.actorgrad.cluster.Ports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trainer worker}: a worker node for a {@code trainer coordinator} elsewhere. It needs no
 * data (the coordinator ships the samples), waits for the coordinator if it is not there yet,
 * exits 0 when the coordinator finishes the run, 1 when it fails the run, and 143 (SIGTERM) or 130
 * (Ctrl-C) when stopped by a signal; 143 also when a signal stopped the coordinator (the run is
 * resumable there: a stop, not a failure).
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Computes gradients for a coordinator ('trainer coordinator') in another JVM or on another host.",
        "Needs no data set: the coordinator ships each worker its partitions. Exits 0 when the run is over, 1 when the coordinator failed it,",
        "143 or 130 when stopped by SIGTERM or Ctrl-C (it leaves the cluster; its partitions move to the other workers),",
        "and 143 when a signal stopped the coordinator (continue the run with --resume there, then start the workers again)."})
public final class WorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--join", paramLabel = "HOST:PORT",
      description = "the coordinator's address (default: ACTORGRAD_SEED)")
  String join;

  @Option(names = "--threads", paramLabel = "T",
      description = "worker actors in this JVM, one compute thread each; each counts toward the coordinator's --min-workers (0: 1)")
  int threads;

  @Option(names = "--bind", paramLabel = "HOST:PORT",
      description = "this node's address (default: 127.0.0.1 on a free port, or ACTORGRAD_HOST and ACTORGRAD_PORT)")
  String bind;

  @Option(names = "--join-timeout", paramLabel = "DURATION", defaultValue = "3m",
      description = "how long to wait for the coordinator, at start and after losing it (default: ${DEFAULT-VALUE})")
  String joinTimeout;

  @Option(names = "--verbose", description = "stack traces on errors")
  boolean verbose;

  @Override
  public Integer call() {
    HostPort coordinator = join != null ? HostPort.parse(join, 2552)
        : ClusterConfig.defaultSeed().orElseThrow(() -> new IllegalArgumentException(
            "where is the coordinator? Give --join HOST:PORT (or set ACTORGRAD_SEED)"));
    HostPort address = bind == null ? ClusterConfig.defaultWorkerAddress() : HostPort.parse(bind, 0);
    Ports.requireFree(address, "--bind");
    Duration timeout = TrainingOptions.parseDuration(joinTimeout);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // SIGTERM or Ctrl-C: the node leaves the cluster (the coordinator moves its partitions to the
    // other workers at once) and the process says it was stopped, rather than that the coordinator left.
    CompletableFuture<String> stop = new CompletableFuture<>();
    ClusterWorker.Result result;
    try (StopSignals.Watch signals = StopSignals.watch(signal -> stop.complete(signal) || true)) {
      result = ClusterWorker.run(new ClusterWorker.Settings(
          address, coordinator, Math.max(1, threads), timeout, line -> {
            out.println(line);
            out.flush();
          }, verbose ? ConfigFactory.parseString("pekko.loglevel = INFO\nactorgrad.cluster.log-level = INFO") : ConfigFactory.empty(),
          stop));
    }
    switch (result) {
      case STOPPED:
        out.println("stopped by " + stop.join() + ": this worker left the cluster; exiting");
        out.flush();
        return StopSignals.exitCode(stop.join());
      case FINISHED:
        out.println("the run is over; exiting");
        out.flush();
        return 0;
      case RUN_STOPPED:
        // A stop, not a failure: the code of a SIGTERM, as the coordinator's own exit (README, Exit codes).
        out.println("the run is stopped, not over; exiting");
        out.flush();
        return StopSignals.exitCode("SIGTERM");
      case RUN_FAILED:
        err.println("error: the coordinator failed the run (its reason is above); exiting");
        return 1;
      case MISMATCH:
        err.println("error: this worker and the coordinator at " + coordinator + " cannot work together (the line above says why)");
        return 1;
      case NO_COORDINATOR:
        err.println("error: no coordinator at " + coordinator + " within " + joinTimeout
            + ": start 'trainer coordinator' there first, or check --join HOST:PORT");
        return 1;
      default:
        err.println("error: a worker failed (see above); exiting");
        return 1;
    }
  }
}
