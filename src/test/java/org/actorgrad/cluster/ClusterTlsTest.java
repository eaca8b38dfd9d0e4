package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.actorgrad.testing.SyntheticData;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.actorgrad.training.LocalTraining;
import org.actorgrad.training.RunObserver;
import org.actorgrad.training.MathOptions;
import org.actorgrad.training.TrainingConfig;
import org.actorgrad.training.TrainingListener;
import org.actorgrad.training.TrainingPlan;
import org.actorgrad.training.TrainingResult;
import org.actorgrad.training.TrainingRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artery over mutual TLS (config/cluster-tls.conf) with certificates made by keytool at test time:
 * a worker holding the cluster's certificate joins and trains; one with another certificate
 * (which itself trusts the coordinator) is refused, and never becomes a worker.
 */
class ClusterTlsTest {
  private static final String PASSWORD = "test-only-secret";

  @TempDir static Path keys;

  @BeforeAll
  static void makeCertificates() throws Exception {
    keytool("-genkeypair", "-alias", "node", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=actorgrad-cluster", "-storetype", "PKCS12", "-keystore", keys.resolve("cluster.p12").toString(),
        "-storepass", PASSWORD, "-keypass", PASSWORD);
    keytool("-exportcert", "-alias", "node", "-keystore", keys.resolve("cluster.p12").toString(),
        "-storepass", PASSWORD, "-file", keys.resolve("cluster.crt").toString());
    keytool("-importcert", "-noprompt", "-alias", "node", "-file", keys.resolve("cluster.crt").toString(),
        "-storetype", "PKCS12", "-keystore", keys.resolve("trust.p12").toString(), "-storepass", PASSWORD);
    keytool("-genkeypair", "-alias", "node", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=intruder", "-storetype", "PKCS12", "-keystore", keys.resolve("intruder.p12").toString(),
        "-storepass", PASSWORD, "-keypass", PASSWORD);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool hung");
    assertEquals(0, p.exitValue(), "keytool " + String.join(" ", args) + ":\n" + output);
  }

  private static Config tls(String keyStore) {
    return ConfigFactory.parseMap(Map.of(
        "actorgrad.cluster.tls.enabled", true,
        "actorgrad.cluster.tls.key-store", keys.resolve(keyStore).toString(),
        "actorgrad.cluster.tls.key-store-password", PASSWORD,
        "actorgrad.cluster.tls.trust-store", keys.resolve("trust.p12").toString(),
        "actorgrad.cluster.tls.trust-store-password", PASSWORD));
  }

  @Test
  void tlsSettingsReachArtery() {
    Config c = ClusterConfig.node(ClusterConfig.WORKER_ROLE, new HostPort("127.0.0.1", 0), 1, tls("cluster.p12"));
    assertEquals("tls-tcp", c.getString("pekko.remote.artery.transport"));
    assertTrue(c.getBoolean("pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication"));
    assertEquals(keys.resolve("trust.p12").toString(), c.getString("pekko.remote.artery.ssl.config-ssl-engine.trust-store"));
    Config plain = ClusterConfig.node(ClusterConfig.WORKER_ROLE, new HostPort("127.0.0.1", 0), 1, ConfigFactory.empty());
    assertEquals("tcp", plain.getString("pekko.remote.artery.transport"));
  }

  @Test
  void tlsWithoutAKeyStoreIsAClearError() {
    Config noStore = tls("cluster.p12").withValue("actorgrad.cluster.tls.key-store", ConfigValueFactory.fromAnyRef(""));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ClusterConfig.node(ClusterConfig.WORKER_ROLE, new HostPort("127.0.0.1", 0), 1, noStore));
    assertTrue(e.getMessage().contains("ACTORGRAD_TLS_KEY_STORE"), e.getMessage());
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aWorkerWithTheClusterCertificateJoinsAndAnIntruderIsRefused() throws Exception {
    TrainingConfig config = new TrainingConfig(
        new MathOptions("16:relu,10:softmax", "cross-entropy", "sgd", 0.1f, "constant", 16, 1, 3, 20, 100),
        1, 1, 1, Duration.ofSeconds(60));
    var data = SyntheticData.of(120, 40, 1);
    TrainingResult local = LocalTraining.run(TrainingRun.start(TrainingPlan.create(config, data)),
        TrainingListener.NONE, RunObserver.NONE);

    HostPort coordinator = new HostPort("127.0.0.1", ClusterTrainingTest.freePort());
    List<String> notes = new CopyOnWriteArrayList<>();
    CompletableFuture<TrainingResult> training = CompletableFuture.supplyAsync(() -> ClusterTraining.run(
        TrainingRun.start(TrainingPlan.create(config, data)), TrainingListener.NONE, RunObserver.NONE,
        new ClusterTraining.Settings(coordinator, 1, 0, line -> notes.add("coordinator: " + line), tls("cluster.p12"))));

    ClusterWorker.Result intruder = ClusterWorker.run(new ClusterWorker.Settings(new HostPort("127.0.0.1", 0),
        coordinator, 1, Duration.ofSeconds(10), line -> notes.add("intruder: " + line), tls("intruder.p12")));
    assertEquals(ClusterWorker.Result.NO_COORDINATOR, intruder, "notes: " + notes);
    assertFalse(notes.stream().anyMatch(n -> n.contains("is here")), "the intruder must not have become a worker: " + notes);

    ClusterWorker.Result member = ClusterWorker.run(new ClusterWorker.Settings(new HostPort("127.0.0.1", 0),
        coordinator, 1, Duration.ofSeconds(60), line -> notes.add("worker: " + line), tls("cluster.p12")));
    assertEquals(ClusterWorker.Result.FINISHED, member, "notes: " + notes);
    assertEquals(local.fingerprint(), training.get(60, TimeUnit.SECONDS).fingerprint(), "notes: " + notes);
  }

  /**
   * TLS on one end only cannot work: the worker used to wait out its whole join timeout (3 min) and
   * then say "no coordinator at ...". Now it looks at the port and says what does not match, in
   * seconds (the test's timeout is shorter than the join timeout).
   */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void tlsOnOneEndOnlyIsSaidByTheWorkerWithinSeconds() throws Exception {
    HostPort tlsCoordinator = new HostPort("127.0.0.1", ClusterTrainingTest.freePort());
    List<String> notes = new CopyOnWriteArrayList<>();
    ActorSystem<Void> tlsNode = Nodes.start(Behaviors.empty(),
        ClusterConfig.node(ClusterConfig.COORDINATOR_ROLE, tlsCoordinator, 1, tls("cluster.p12")), tlsCoordinator);
    try {
      ClusterWorker.Result plainWorker = ClusterWorker.run(new ClusterWorker.Settings(new HostPort("127.0.0.1", 0),
          tlsCoordinator, 1, Duration.ofMinutes(3), notes::add, ConfigFactory.empty()));
      assertEquals(ClusterWorker.Result.MISMATCH, plainWorker, "notes: " + notes);
      assertTrue(notes.contains("the coordinator at " + tlsCoordinator + " uses TLS and this worker does not: turn "
          + "TLS on here (ACTORGRAD_TLS=on with the cluster's key and trust stores) or off there"), "notes: " + notes);
    } finally {
      tlsNode.terminate();
      tlsNode.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    HostPort plainCoordinator = new HostPort("127.0.0.1", ClusterTrainingTest.freePort());
    ActorSystem<Void> plainNode = Nodes.start(Behaviors.empty(),
        ClusterConfig.node(ClusterConfig.COORDINATOR_ROLE, plainCoordinator, 1, ConfigFactory.empty()), plainCoordinator);
    try {
      notes.clear();
      ClusterWorker.Result tlsWorker = ClusterWorker.run(new ClusterWorker.Settings(new HostPort("127.0.0.1", 0),
          plainCoordinator, 1, Duration.ofMinutes(3), notes::add, tls("cluster.p12")));
      assertEquals(ClusterWorker.Result.MISMATCH, tlsWorker, "notes: " + notes);
      assertTrue(notes.contains("this worker uses TLS and the coordinator at " + plainCoordinator
          + " does not: turn TLS off here (ACTORGRAD_TLS) or on there"), "notes: " + notes);
    } finally {
      plainNode.terminate();
      plainNode.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
