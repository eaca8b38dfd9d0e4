package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.actorgrad.testing.SyntheticData;
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
 * (which itself trusts the coordinator) is refused, and never becomes a worker. TLS on one end
 * only: {@link ClusterTlsMismatchTest}.
 */
class ClusterTlsTest {
  @TempDir static Path keys;
  private static TlsStores stores;

  @BeforeAll
  static void makeCertificates() throws Exception {
    stores = TlsStores.make(keys);
  }

  private static Config tls(String keyStore) {
    return stores.tls(keyStore);
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
    // The coordinator says so too (Pekko cannot tell it from a node without TLS, so the line names both).
    assertTrue(notes.stream().anyMatch(n -> n.matches("coordinator: a node at 127\\.0\\.0\\.1:\\d+ could not complete "
        + "the TLS handshake with this coordinator: it has TLS off, or a certificate this coordinator's trust store "
        + "does not hold.*")), "notes: " + notes);
  }
}
