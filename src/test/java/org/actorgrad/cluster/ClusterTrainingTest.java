package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.nio.file.Path;
import org.actorgrad.checkpoint.CheckpointStore;
import org.actorgrad.data.LoadedData;
import org.actorgrad.testing.SyntheticData;
import org.actorgrad.training.LocalTraining;
import org.actorgrad.training.RunCheckpointer;
import org.actorgrad.training.RunObserver;
import org.actorgrad.training.StopRequest;
import org.actorgrad.training.MathOptions;
import org.actorgrad.training.TrainingConfig;
import org.actorgrad.training.TrainingException;
import org.actorgrad.training.TrainingListener;
import org.actorgrad.training.TrainingPlan;
import org.actorgrad.training.TrainingResult;
import org.actorgrad.training.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two actor systems in this JVM, a coordinator node and a worker node, on loopback: the real
 * cluster path (Artery TCP, Kryo, receptionist, the data link), with weights of 2.4 million
 * parameters (9.5 MB per message, far above Artery's default frames). The weights must equal a
 * local run's, bit for bit, whether the steps go through a data link or through Artery's
 * large-message stream. The multi-JVM tests (ClusterIT) cover processes.
 */
class ClusterTrainingTest {
  // 64 inputs -> 4096 -> 512 -> 10: 2,369,034 parameters.
  private static final String BIG = "4096:relu,512:relu,10:softmax";

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aRemoteAndALocalWorkerGiveTheLocalWeightsWithMillionsOfParameters() throws Exception {
    // 2 partitions: one for a worker in this JVM, one for the worker node.
    TrainingConfig config = bigMomentumRun();
    List<String> notes = new CopyOnWriteArrayList<>();
    TrainingResult remote = runMatchingLocal(config, ConfigFactory.empty(), ConfigFactory.empty(), notes);

    assertEquals(2_369_034, remote.params().length);
    assertTrue(notes.stream().anyMatch(n -> n.startsWith("coordinator: wire: ")), "traffic reported: " + notes);
    assertTrue(notes.stream().anyMatch(n -> n.endsWith("runs on this host: its steps go through shared memory")),
        "a worker on the coordinator's host shares memory with it: " + notes);
    assertTrue(notes.stream().noneMatch(n -> n.contains("data link") || n.contains(" lost ")),
        "the worker must have been served through its data link throughout: " + notes);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aWorkerThatCannotShareMemoryKeepsTheLinksSocketWithTheSameWeights() throws Exception {
    TrainingConfig config = bigMomentumRun();
    List<String> notes = new CopyOnWriteArrayList<>();
    // As a worker in another container or on another host: it cannot map the coordinator's rings.
    runMatchingLocal(config, ConfigFactory.parseString("actorgrad.cluster.data-link.shared-memory.enabled = off"),
        ConfigFactory.empty(), notes);

    assertTrue(notes.stream().noneMatch(n -> n.contains("shared memory") || n.contains("data link")
        || n.contains(" lost ")), "the worker must have been served through its link's socket: " + notes);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void framesTooLargeForTheSharedRingTakeTheSocketInTheirTurnWithTheSameWeights() throws Exception {
    TrainingConfig config = bigMomentumRun();
    List<String> notes = new CopyOnWriteArrayList<>();
    // 1 MiB rings: the 9.5 MB weights and gradients take the socket, the small messages the rings.
    runMatchingLocal(config, ConfigFactory.empty(),
        ConfigFactory.parseString("actorgrad.cluster.data-link.shared-memory.ring-size = 1 MiB"), notes);

    assertTrue(notes.stream().anyMatch(n -> n.endsWith("its steps go through shared memory")), "notes: " + notes);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aWorkerWithoutADataLinkIsServedThroughArteryWithTheSameWeights() throws Exception {
    TrainingConfig config = new TrainingConfig(
        new MathOptions(BIG, "cross-entropy", "sgd", 0.01f, "constant", 16, 2, 5, 40, 0),
        1, 2, 1, Duration.ofSeconds(60));
    List<String> notes = new CopyOnWriteArrayList<>();
    // This worker node has data links off, so it ignores the coordinator's invitation.
    runMatchingLocal(config, ConfigFactory.parseString("actorgrad.cluster.data-link.enabled = off"),
        ConfigFactory.parseString("actorgrad.cluster.data-link.connect-timeout = 1 s"), notes);

    assertTrue(notes.stream().anyMatch(n -> n.contains("did not open a data link")
        && n.contains("steps go through the cluster transport")), "notes: " + notes);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void overArteryAeronUdpWithoutALinkTheWeightsEqualALocalRun() throws Exception {
    // Artery's own aeron-udp transport (an embedded media driver per node), every step through it:
    // the alternative to the data link that issue 16 measures (bench/cluster.sh 5 link aeron-udp).
    Config aeron = ConfigFactory.parseString(
        "pekko.remote.artery.transport = aeron-udp\nactorgrad.cluster.data-link.enabled = off");
    List<String> notes = new CopyOnWriteArrayList<>();
    runMatchingLocal(bigMomentumRun(), aeron, aeron, notes);

    assertTrue(notes.stream().noneMatch(n -> n.contains("shared memory") || n.contains(" lost ")),
        "the worker must have been served through Artery throughout: " + notes);
  }

  /** 1 epoch of the 2.4M-parameter network with momentum over 2 partitions: one per node. */
  private static TrainingConfig bigMomentumRun() {
    return new TrainingConfig(
        new MathOptions(BIG, "cross-entropy", "momentum", 0.01f, "constant", 16, 2, 5, 40, 200),
        1, 2, 1, Duration.ofSeconds(60));
  }

  /**
   * Trains {@code config} on synthetic data with a coordinator node (one local worker) and a
   * worker node (one worker), asserts the weights equal a local run's and that the worker node
   * finished, and returns the cluster run's result; both nodes' lines go to {@code notes}.
   */
  private static TrainingResult runMatchingLocal(TrainingConfig config, Config workerOverrides,
      Config coordinatorOverrides, List<String> notes) throws Exception {
    LoadedData data = SyntheticData.of(300, 100, 1);
    TrainingResult local = LocalTraining.run(TrainingRun.start(TrainingPlan.create(config, data)), TrainingListener.NONE, RunObserver.NONE);

    HostPort coordinator = new HostPort("127.0.0.1", freePort());
    CompletableFuture<ClusterWorker.Result> worker = CompletableFuture.supplyAsync(() -> ClusterWorker.run(
        new ClusterWorker.Settings(new HostPort("127.0.0.1", 0), coordinator, 1, Duration.ofSeconds(90),
            line -> notes.add("worker: " + line), workerOverrides)));
    TrainingResult remote = ClusterTraining.run(TrainingRun.start(TrainingPlan.create(config, data)),
        TrainingListener.NONE, RunObserver.NONE, new ClusterTraining.Settings(coordinator, 1, 1,
            line -> notes.add("coordinator: " + line), coordinatorOverrides));

    assertEquals(local.fingerprint(), remote.fingerprint(), "cluster weights differ from local ones; notes: " + notes);
    assertEquals(ClusterWorker.Result.FINISHED, worker.get(60, TimeUnit.SECONDS), "notes: " + notes);
    return remote;
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void aWorkerWithoutACoordinatorGivesUpAfterTheJoinTimeout() throws Exception {
    List<String> notes = new CopyOnWriteArrayList<>();
    long start = System.nanoTime();
    ClusterWorker.Result result = ClusterWorker.run(new ClusterWorker.Settings(
        new HostPort("127.0.0.1", 0), new HostPort("127.0.0.1", freePort()), 1, Duration.ofSeconds(3),
        notes::add, ConfigFactory.empty()));
    assertEquals(ClusterWorker.Result.NO_COORDINATOR, result);
    assertTrue(System.nanoTime() - start >= Duration.ofSeconds(3).toNanos());
    assertTrue(notes.stream().anyMatch(n -> n.startsWith("no coordinator at 127.0.0.1:")), "notes: " + notes);
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void aCoordinatorWhoseWorkersDoNotComeGivesUpAfterItsWaitLimit() throws Exception {
    TrainingConfig config = new TrainingConfig(
        new MathOptions("16:relu,10:softmax", "cross-entropy", "sgd", 0.1f, "constant", 16, 2, 5, 40, 0),
        1, 2, 1, Duration.ofSeconds(60));
    List<String> notes = new CopyOnWriteArrayList<>();
    TrainingException e = org.junit.jupiter.api.Assertions.assertThrows(TrainingException.class, () ->
        ClusterTraining.run(TrainingRun.start(TrainingPlan.create(config, SyntheticData.of(300, 100, 1))),
            TrainingListener.NONE, RunObserver.NONE, new ClusterTraining.Settings(new HostPort("127.0.0.1", freePort()),
                2, 0, notes::add, ConfigFactory.empty(), java.util.Optional.of(Duration.ofSeconds(2)))));
    assertEquals("only 0 of 2 workers came within 2 s (--wait): start more with 'trainer worker --join HOST:PORT', "
        + "or lower --min-workers", e.getMessage(), "notes: " + notes);
  }

  /** How a run that did not complete ended: the coordinator's failure, its worker's result, and the notes of both. */
  private record Ended(TrainingException failure, ClusterWorker.Result worker, List<String> notes) {}

  /** A coordinator whose run {@code observer} ends early, and one worker node in this JVM. */
  private static Ended endedRun(RunObserver observer) throws Exception {
    TrainingConfig config = new TrainingConfig(
        new MathOptions("16:relu,10:softmax", "cross-entropy", "sgd", 0.1f, "constant", 16, 2, 5, 40, 0),
        1, 1, 1, Duration.ofSeconds(60));
    List<String> notes = new CopyOnWriteArrayList<>();
    HostPort coordinator = new HostPort("127.0.0.1", freePort());
    CompletableFuture<ClusterWorker.Result> worker = CompletableFuture.supplyAsync(() -> ClusterWorker.run(
        new ClusterWorker.Settings(new HostPort("127.0.0.1", 0), coordinator, 1, Duration.ofSeconds(90),
            line -> notes.add("worker: " + line), ConfigFactory.empty())));
    TrainingException e = org.junit.jupiter.api.Assertions.assertThrows(TrainingException.class, () ->
        ClusterTraining.run(TrainingRun.start(TrainingPlan.create(config, SyntheticData.of(300, 100, 1))),
            TrainingListener.NONE, observer, new ClusterTraining.Settings(coordinator, 1, 0,
                line -> notes.add("coordinator: " + line), ConfigFactory.empty())));
    return new Ended(e, worker.get(60, TimeUnit.SECONDS), notes);
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aWorkerOfARunTheCoordinatorFailedSaysSoAndDoesNotReportSuccess() throws Exception {
    // The checkpoint writer fails at step 3, as a full disk would make it: the coordinator fails the run.
    Ended ended = endedRun(new RunObserver() {
      @Override
      public void stepApplied(TrainingRun run, boolean epochEnded, double epochSeconds) {
        if (run.globalStep() == 3) {
          throw new IllegalStateException("writing the checkpoint of step 3 failed: No space left on device");
        }
      }
    });
    assertTrue(ended.failure().getMessage().contains("No space left on device"), ended.failure().getMessage());
    List<String> notes = ended.notes();
    assertEquals(ClusterWorker.Result.RUN_FAILED, ended.worker(), "notes: " + notes);
    assertTrue(notes.contains("worker: the coordinator failed the run: " + ended.failure().getMessage()), "notes: " + notes);
    assertTrue(notes.stream().noneMatch(n -> n.contains("finished the run")), "notes: " + notes);
  }

  /**
   * A coordinator stopped by a signal (SIGTERM, as its handler asks: the checkpointer writes the
   * step and ends the run) stops the run, it does not fail it: its worker says so, with the way
   * on, and ends as {@code RUN_STOPPED} (exit 143). Before, the worker said "the coordinator failed
   * the run" and exited 1.
   */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aWorkerOfACoordinatorStoppedByASignalSaysTheRunWasStoppedNotFailed(@TempDir Path tmp) throws Exception {
    StopRequest stop = new StopRequest();
    CheckpointStore store = new CheckpointStore(tmp.resolve("checkpoints"));
    Ended ended;
    try (RunCheckpointer checkpointer = new RunCheckpointer(store, RunCheckpointer.Every.parse("1 epoch")).stopOn(stop)) {
      ended = endedRun(new RunObserver() { // the signal's handler asks, the checkpointer stops
        @Override
        public void stepApplied(TrainingRun run, boolean epochEnded, double epochSeconds) {
          if (run.globalStep() == 3) {
            stop.request("SIGTERM");
          }
          checkpointer.stepApplied(run, epochEnded, epochSeconds);
        }
      });
      assertEquals("stopped by SIGTERM after step 3", ended.failure().getMessage());
      assertEquals(3, checkpointer.stoppedAt());
    }
    List<String> notes = ended.notes();
    assertEquals(ClusterWorker.Result.RUN_STOPPED, ended.worker(), "notes: " + notes);
    assertTrue(notes.contains("worker: the coordinator was stopped by SIGTERM after step 3, with that step's checkpoint:"
        + " continue the run with --resume on the coordinator, then start this worker again"), "notes: " + notes);
    assertTrue(notes.stream().noneMatch(n -> n.contains("failed the run")), "notes: " + notes);
  }

  /**
   * Artery takes a message only when addressed to the exact host name a node was started with: a
   * worker joining localhost:P a coordinator bound to 127.0.0.1:P waited out its join timeout. It
   * now joins through every spelling of the same address.
   */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aWorkerJoiningLocalhostFindsACoordinatorBoundTo127001() throws Exception {
    TrainingConfig config = new TrainingConfig(
        new MathOptions("16:relu,10:softmax", "cross-entropy", "sgd", 0.1f, "constant", 16, 2, 5, 40, 0),
        1, 1, 1, Duration.ofSeconds(60));
    List<String> notes = new CopyOnWriteArrayList<>();
    int port = freePort();
    CompletableFuture<ClusterWorker.Result> worker = CompletableFuture.supplyAsync(() -> ClusterWorker.run(
        new ClusterWorker.Settings(new HostPort("127.0.0.1", 0), new HostPort("localhost", port), 1,
            Duration.ofSeconds(90), line -> notes.add("worker: " + line), ConfigFactory.empty())));
    TrainingResult result = ClusterTraining.run(TrainingRun.start(TrainingPlan.create(config, SyntheticData.of(300, 100, 1))),
        TrainingListener.NONE, RunObserver.NONE, new ClusterTraining.Settings(new HostPort("127.0.0.1", port), 1, 0,
            line -> notes.add("coordinator: " + line), ConfigFactory.empty()));
    assertTrue(result.steps() > 0, "notes: " + notes);
    assertEquals(ClusterWorker.Result.FINISHED, worker.get(60, TimeUnit.SECONDS), "notes: " + notes);
  }

  @Test
  void aPartitionTooLargeForOneMessageIsRefusedUpFront() {
    TrainingConfig config = new TrainingConfig(
        new MathOptions("16:relu,10:softmax", "cross-entropy", "sgd", 0.1f, "constant", 16, 2, 5, 40, 0),
        1, 2, 1, Duration.ofSeconds(60));
    TrainingPlan plan = TrainingPlan.create(config, SyntheticData.of(300, 100, 1));
    ClusterTraining.checkMessageSizes(plan, 1L << 20);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ClusterTraining.checkMessageSizes(plan, 72_000)); // the weights fit, a partition does not
    assertTrue(e.getMessage().startsWith("partition 0 holds "), e.getMessage());
    assertTrue(e.getMessage().endsWith("use more --partitions"), e.getMessage());
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
