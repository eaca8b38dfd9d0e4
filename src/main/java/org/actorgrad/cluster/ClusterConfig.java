package org.actorgrad.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import java.util.Optional;
import org.actorgrad.training.LocalTraining;

/**
 * The Pekko configuration of a cluster node: config/cluster.conf (carried in the jar, environment
 * variables resolved), with the node's address, role and compute pool filled in. Precedence, high
 * to low: {@code overrides}, the arguments here, Java system properties ({@code -Dpekko...}),
 * config/cluster.conf, Pekko's defaults.
 */
public final class ClusterConfig {
  public static final String SYSTEM_NAME = "actorgrad";
  public static final String COORDINATOR_ROLE = "coordinator";
  public static final String WORKER_ROLE = "worker";
  /** One thread for the coordinator and its data links' stand-ins (config/cluster.conf). */
  static final String STEP_DISPATCHER = "actorgrad.step-dispatcher";

  private ClusterConfig() {}

  /** config/cluster.conf with environment variables applied, before any node-specific setting. */
  public static Config defaults() {
    return ConfigFactory.load(ConfigFactory.parseResources("config/cluster.conf")).resolve();
  }

  /** Where the coordinator listens unless {@code --bind} says otherwise. */
  public static HostPort defaultCoordinatorAddress() {
    Config c = defaults();
    return new HostPort(c.getString("actorgrad.cluster.host"), c.getInt("actorgrad.cluster.coordinator-port"));
  }

  /** A worker's default address: loopback on a free port (or what the environment says). */
  public static HostPort defaultWorkerAddress() {
    Config c = defaults();
    return new HostPort(c.getString("actorgrad.cluster.host"), c.getInt("actorgrad.cluster.worker-port"));
  }

  /** The coordinator address from ACTORGRAD_SEED (docker-compose), if set. */
  public static Optional<HostPort> defaultSeed() {
    String seed = defaults().getString("actorgrad.cluster.seed");
    return seed.isBlank() ? Optional.empty() : Optional.of(HostPort.parse(seed, 2552));
  }

  /**
   * The configuration of one node.
   *
   * @param role {@link #COORDINATOR_ROLE} or {@link #WORKER_ROLE}
   * @param address the canonical address other nodes reach this node at (port 0: a free one)
   * @param threads size of the compute pool the worker actors run on
   */
  public static Config node(String role, HostPort address, int threads, Config overrides) {
    return node(role, address, threads, overrides, Long.MAX_VALUE);
  }

  /**
   * As {@link #node(String, HostPort, int, Config)}, for a node that knows the largest message it
   * will send, in bytes (the coordinator: a partition's samples or a step's weights); on
   * aeron-udp its term buffers are sized for it ({@link AeronTransport#termLength}).
   */
  static Config node(String role, HostPort address, int threads, Config overrides, long largestMessage) {
    if (!role.equals(COORDINATOR_ROLE) && !role.equals(WORKER_ROLE)) {
      throw new IllegalArgumentException("expected role coordinator or worker, found " + role);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("expected at least 1 compute thread, found " + threads);
    }
    Config node = ConfigFactory.empty()
        .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(address.host()))
        .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(address.port()))
        .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(List.of(role)))
        .withValue(LocalTraining.COMPUTE_DISPATCHER + ".thread-pool-executor.fixed-pool-size",
            ConfigValueFactory.fromAnyRef(threads));
    Config cluster = ConfigFactory.load(ConfigFactory.parseResources("config/cluster.conf"));
    Config plain = overrides.withFallback(node).withFallback(cluster);
    if (!plain.resolve().getBoolean("actorgrad.cluster.tls.enabled")) {
      Config resolved = plain.resolve();
      return AeronTransport.selected(resolved)
          ? AeronTransport.configure(resolved, largestMessage) : resolved;
    }
    Config tls = overrides.withFallback(node)
        .withFallback(ConfigFactory.parseResources("config/cluster-tls.conf"))
        .withFallback(cluster)
        .resolve();
    requireStore(tls, "key-store", "ACTORGRAD_TLS_KEY_STORE");
    requireStore(tls, "trust-store", "ACTORGRAD_TLS_TRUST_STORE");
    return tls;
  }

  /** The longest message a node sends or accepts, through Artery or a data link. */
  static long maxFrame(Config node) {
    return node.getBytes("pekko.remote.artery.advanced.maximum-large-frame-size");
  }

  /** Whether remote workers get a data link (config/cluster.conf; never with TLS, see there). */
  static boolean dataLinks(Config node) {
    return node.getBoolean("actorgrad.cluster.data-link.enabled")
        && !node.getBoolean("actorgrad.cluster.tls.enabled");
  }

  /** The host this node's sockets listen on: Artery's bind hostname if set (containers), else its address. */
  static String bindHost(Config node, HostPort address) {
    String bind = node.getString("pekko.remote.artery.bind.hostname");
    return bind.isBlank() ? address.host() : bind;
  }

  private static void requireStore(Config config, String key, String variable) {
    String path = config.getString("actorgrad.cluster.tls." + key);
    if (path.isBlank()) {
      throw new IllegalArgumentException("TLS is on but no " + key + " is given: set " + variable
          + " (or actorgrad.cluster.tls." + key + ")");
    }
    if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(path))) {
      throw new IllegalArgumentException("TLS " + key + " " + path + ": no such readable file");
    }
  }
}
