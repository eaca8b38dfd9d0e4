package org.actorgrad.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.actorgrad.cluster.HostPort;
import org.actorgrad.cluster.Ports;
import org.actorgrad.kernel.Dense;
import org.actorgrad.training.TrainingPlan;
import org.actorgrad.training.TrainingRun;
import org.actorgrad.ui.LiveRun;
import picocli.CommandLine.Option;

/** {@code --ui [HOST:]PORT}: a live page of the run, its JSON and Prometheus metrics, served by the coordinator. */
final class UiOptions {
  static final String LOOPBACK = "127.0.0.1";

  @Option(names = "--ui", paramLabel = "[HOST:]PORT",
      description = "serve a live page of the run at http://HOST:PORT/ (and /metrics for Prometheus);"
          + " HOST is 127.0.0.1 unless given: another address shows the run to its network")
  String ui;

  boolean enabled() {
    return ui != null;
  }

  /** Where to listen: {@code PORT} alone is on 127.0.0.1. */
  HostPort address() {
    String t = ui.trim();
    try {
      if (t.matches("\\d{1,5}")) {
        return new HostPort(LOOPBACK, Integer.parseInt(t));
      }
      if (!t.contains(":")) {
        throw new IllegalArgumentException("expected [HOST:]PORT, found '" + ui + "' (no port)");
      }
      return HostPort.parse(t, 0);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--ui: " + e.getMessage());
    }
  }

  /** Checks the address now, before the data is loaded, not after. */
  void requireFree() {
    try {
      Ports.requireFree(address(), "--ui");
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith("--ui") ? e : new IllegalArgumentException("--ui: " + e.getMessage());
    }
  }

  /** Starts serving the run's page. */
  static LiveRun open(HostPort address, String dataset, TrainingRun run) {
    return LiveRun.open(address, run, settings(dataset, run.plan()));
  }

  /** The run's settings as the page lists them, the header's figures in the header's order. */
  static Map<String, Object> settings(String dataset, TrainingPlan plan) {
    var c = plan.config();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("data set", dataset);
    s.put("training samples", plan.trainCount());
    s.put("validation samples", plan.validation().count());
    s.put("test samples", plan.test().count());
    s.put("layers", plan.network().spec().layersSpec());
    s.put("loss", plan.network().spec().loss().id());
    s.put("parameters", plan.network().parameterCount());
    s.put("optimizer", c.optimizer());
    s.put("learning rate", c.learningRate());
    s.put("schedule", c.schedule());
    s.put("batch size", c.batchSize());
    s.put("partitions", c.partitions());
    s.put("workers", c.workers());
    s.put("threads", c.threads());
    s.put("epochs", c.epochs());
    s.put("seed", c.seed());
    s.put("kernel", Dense.path());
    return s;
  }
}
