package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.actorgrad.testing.SyntheticData;
import org.actorgrad.testing.ThisHost;
import org.actorgrad.training.MathOptions;
import org.actorgrad.training.RunObserver;
import org.actorgrad.training.TrainingConfig;
import org.actorgrad.training.TrainingException;
import org.actorgrad.training.TrainingListener;
import org.actorgrad.training.TrainingPlan;
import org.actorgrad.training.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A join the coordinator cannot take is said on the coordinator's side too, not only in a hidden warning. */
class ClusterLogTest {
  @Test
  void arterysWarningAboutAJoinToAnotherAddressBecomesOneLine() {
    String warning = "Dropping Handshake Request from [pekko://actorgrad@127.0.0.1:42505#-3473892401153120474] "
        + "addressed to unknown local address [pekko://actorgrad@localhost:41615]. Local address is "
        + "[pekko://actorgrad@127.0.0.1:41615]. Check that the sending system uses the same address to contact "
        + "recipient system as defined in the 'pekko.remote.artery.canonical.hostname' of the recipient system.";
    assertEquals(Optional.of(new ClusterLog.Mismatch("127.0.0.1:42505", "a node at 127.0.0.1:42505 tries to join "
        + "this coordinator as localhost:41615, but the coordinator is 127.0.0.1:41615: start it with --join "
        + "127.0.0.1:41615")), ClusterLog.diagnose(warning));
    assertEquals(Optional.empty(), ClusterLog.diagnose("Scheduled sending of heartbeat was delayed."));
  }

  /**
   * A coordinator named 127.0.0.1 but listening on every interface, and a worker joining it at this
   * host's other address, which is no spelling of 127.0.0.1: both ends say so within seconds.
   */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aWorkerJoiningAnotherAddressOfTheCoordinatorsHostIsToldOnBothEnds() throws Exception {
    String other = ThisHost.otherAddress();
    TrainingConfig config = new TrainingConfig(
        new MathOptions("16:relu,10:softmax", "cross-entropy", "sgd", 0.1f, "constant", 16, 2, 5, 40, 0),
        1, 1, 1, Duration.ofSeconds(60));
    List<String> notes = new CopyOnWriteArrayList<>();
    int port = ClusterTrainingTest.freePort();
    CompletableFuture<ClusterWorker.Result> worker = CompletableFuture.supplyAsync(() -> ClusterWorker.run(
        new ClusterWorker.Settings(new HostPort("127.0.0.1", 0), new HostPort(other, port), 1,
            Duration.ofSeconds(35), line -> notes.add("worker: " + line), ConfigFactory.empty())));
    TrainingException gaveUp = assertThrows(TrainingException.class, () -> ClusterTraining.run(
        TrainingRun.start(TrainingPlan.create(config, SyntheticData.of(300, 100, 1))),
        TrainingListener.NONE, RunObserver.NONE, new ClusterTraining.Settings(new HostPort("127.0.0.1", port), 1, 0,
            line -> notes.add("coordinator: " + line),
            ConfigFactory.parseString("pekko.remote.artery.bind.hostname = \"0.0.0.0\""),
            Optional.of(Duration.ofSeconds(25)))));
    assertTrue(gaveUp.getMessage().startsWith("only 0 of 1 workers came"), gaveUp.getMessage());
    assertEquals(ClusterWorker.Result.NO_COORDINATOR, worker.get(60, TimeUnit.SECONDS), "notes: " + notes);

    assertEquals(1, notes.stream().filter(n -> n.matches("coordinator: a node at 127\\.0\\.0\\.1:\\d+ tries to join "
        + "this coordinator as " + java.util.regex.Pattern.quote(other + ":" + port) + ", but the coordinator is "
        + "127\\.0\\.0\\.1:" + port + ": start it with --join 127\\.0\\.0\\.1:" + port)).count(), "notes: " + notes);
    assertTrue(notes.stream().anyMatch(n -> n.startsWith("worker: something answers at " + other + ":" + port
        + " but has not let this worker join after ")), "notes: " + notes);
  }
}
