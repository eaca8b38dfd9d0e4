package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.actorgrad.testing.SyntheticData;
import org.actorgrad.testing.ThisHost;
import org.actorgrad.training.MathOptions;
import org.actorgrad.training.RunObserver;
import org.actorgrad.training.TrainingConfig;
import org.actorgrad.training.TrainingException;
import org.actorgrad.training.TrainingListener;
import org.actorgrad.training.TrainingPlan;
import org.actorgrad.training.TrainingRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS on one end only, between a real coordinator and a real worker on 127.0.0.1: both ends say
 * what does not match, the worker in seconds and exit (it used to wait out its 3 min join timeout
 * and say "no coordinator at ..."), the coordinator once per host while it waits for workers (it
 * used to say nothing). A pair that agrees on TLS is never told of TLS, not even when the worker's
 * probe of the coordinator's port fires (a worker joining at an address that is not let in).
 */
class ClusterTlsMismatchTest {
  private static final Pattern TLS_LINE = Pattern.compile(
      "coordinator: a node at .* (could not complete the TLS handshake|tried to join with TLS).*");

  @TempDir static Path keys;
  private static TlsStores stores;

  @BeforeAll
  static void makeCertificates() throws Exception {
    stores = TlsStores.make(keys);
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aWorkerWithoutTlsAtATlsCoordinatorIsToldOnBothEnds() throws Exception {
    List<String> notes = new CopyOnWriteArrayList<>();
    HostPort coordinator = new HostPort("127.0.0.1", ClusterTrainingTest.freePort());
    ClusterWorker.Result worker = join(coordinator, stores.tls("cluster.p12"), coordinator, ConfigFactory.empty(), notes);

    assertEquals(ClusterWorker.Result.MISMATCH, worker, "notes: " + notes);
    assertTrue(notes.contains("worker: the coordinator at " + coordinator + " uses TLS and this worker does not: "
        + "turn TLS on here (ACTORGRAD_TLS=on with the cluster's key and trust stores) or off there"), "notes: " + notes);
    assertEquals(1, notes.stream().filter(n -> n.matches("coordinator: a node at 127\\.0\\.0\\.1:\\d+ could not "
        + "complete the TLS handshake with this coordinator: it has TLS off, or a certificate this coordinator's "
        + "trust store does not hold; this coordinator requires TLS \\(actorgrad\\.cluster\\.tls, "
        + "config/cluster\\.conf\\)")).count(), "once, however often the worker retried; notes: " + notes);
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aTlsWorkerAtACoordinatorWithoutTlsIsToldOnBothEnds() throws Exception {
    List<String> notes = new CopyOnWriteArrayList<>();
    HostPort coordinator = new HostPort("127.0.0.1", ClusterTrainingTest.freePort());
    ClusterWorker.Result worker = join(coordinator, ConfigFactory.empty(), coordinator, stores.tls("cluster.p12"), notes);

    assertEquals(ClusterWorker.Result.MISMATCH, worker, "notes: " + notes);
    assertTrue(notes.contains("worker: this worker uses TLS and the coordinator at " + coordinator
        + " does not: turn TLS off here (ACTORGRAD_TLS) or on there"), "notes: " + notes);
    assertEquals(1, notes.stream().filter(n -> n.matches("coordinator: a node at 127\\.0\\.0\\.1:\\d+ tried to join "
        + "with TLS; this coordinator does not use TLS \\(actorgrad\\.cluster\\.tls, config/cluster\\.conf\\): "
        + "turn TLS off there or on here")).count(), "once, however often the worker retried; notes: " + notes);
  }

  /**
   * Both ends agree on TLS (on, then off); the worker joins at this host's other address, which
   * the coordinator (named 127.0.0.1, listening everywhere) does not take, so the worker probes
   * the port after a few seconds: that probe must not look like a TLS peer to a plain coordinator
   * (it used to send a ClientHello whatever the worker's TLS), nor like a plain one to a TLS one.
   */
  @ParameterizedTest(name = "tls {0}")
  @ValueSource(booleans = {true, false})
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aPairThatAgreesOnTlsIsNeverToldOfItWhenTheWorkersProbeFires(boolean tls) throws Exception {
    String other = ThisHost.otherAddress();
    List<String> notes = new CopyOnWriteArrayList<>();
    Config both = tls ? stores.tls("cluster.p12") : ConfigFactory.empty();
    int port = ClusterTrainingTest.freePort();
    ClusterWorker.Result worker = join(new HostPort("127.0.0.1", port),
        both.withFallback(ConfigFactory.parseString("pekko.remote.artery.bind.hostname = \"0.0.0.0\"")),
        new HostPort(other, port), both, notes);

    assertEquals(ClusterWorker.Result.NO_COORDINATOR, worker, "notes: " + notes);
    assertTrue(notes.stream().anyMatch(n -> n.startsWith("worker: something answers at " + other + ":" + port
        + " but has not let this worker join after ")), "the probe fired and found TLS agreed; notes: " + notes);
    assertTrue(notes.stream().anyMatch(n -> n.startsWith("coordinator: a node at 127.0.0.1:")
        && n.contains("tries to join this coordinator as " + other + ":" + port)), "notes: " + notes);
    assertEquals(List.of(), notes.stream().filter(n -> TLS_LINE.matcher(n).matches()).toList(), "notes: " + notes);
  }

  /**
   * A coordinator that waits for one worker (giving up after 25 s) and a worker that tries to join
   * it (for 35 s at most); returns when both have ended, their lines in {@code notes}.
   */
  private static ClusterWorker.Result join(HostPort coordinator, Config coordinatorSettings, HostPort joinAt,
      Config workerSettings, List<String> notes) throws Exception {
    TrainingConfig config = new TrainingConfig(
        new MathOptions("16:relu,10:softmax", "cross-entropy", "sgd", 0.1f, "constant", 16, 2, 5, 40, 0),
        1, 1, 1, Duration.ofSeconds(60));
    CompletableFuture<ClusterWorker.Result> worker = CompletableFuture.supplyAsync(() -> ClusterWorker.run(
        new ClusterWorker.Settings(new HostPort("127.0.0.1", 0), joinAt, 1, Duration.ofSeconds(35),
            line -> notes.add("worker: " + line), workerSettings)));
    TrainingException gaveUp = assertThrows(TrainingException.class, () -> ClusterTraining.run(
        TrainingRun.start(TrainingPlan.create(config, SyntheticData.of(300, 100, 1))),
        TrainingListener.NONE, RunObserver.NONE, new ClusterTraining.Settings(coordinator, 1, 0,
            line -> notes.add("coordinator: " + line), coordinatorSettings, Optional.of(Duration.ofSeconds(25)))));
    assertTrue(gaveUp.getMessage().startsWith("only 0 of 1 workers came"), gaveUp.getMessage());
    return worker.get(60, TimeUnit.SECONDS);
  }
}
