package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.actorgrad.testing.Datasets;
import org.actorgrad.testing.TrainerProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real JVMs on 127.0.0.1 only: a coordinator and worker processes from the shaded jar, compared
 * bit for bit (by the printed weights fingerprint) with a local run of the same settings. Each
 * test is bounded in time, and every process it starts is killed when it ends (try-with-resources).
 * Their logs, models and checkpoints stay in target/cluster-it for a look after a failure.
 */
class ClusterIT {
  private static final Duration RUN = Duration.ofMinutes(3);
  private static final Duration EXIT = Duration.ofSeconds(60);
  private static final Map<List<String>, String> LOCAL_FINGERPRINTS = new ConcurrentHashMap<>();

  private static Path dir;
  private static String mnist;

  @BeforeAll
  static void prepare() throws Exception {
    mnist = Datasets.require("mnist").toString();
    TrainerProcess.jar(); // fails clearly when the jar was not built
    dir = Path.of(System.getProperty("actorgrad.project", "."), "target", "cluster-it");
    if (Files.isDirectory(dir)) {
      try (var old = Files.walk(dir)) {
        old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(dir);
  }

  /** A short run: most of its time is JVM start-up and data loading. */
  private static List<String> small() {
    return List.of("--data", mnist, "--limit", "3000", "--epochs", "2", "--layers", "32:relu,10:softmax",
        "--seed", "11", "--no-progress");
  }

  /**
   * Long enough (seconds per epoch) for a worker to die or join, or the coordinator to die, as it
   * runs: all of the shared MNIST's 10,000 training digits.
   */
  private static List<String> longer() {
    return List.of("--data", mnist, "--epochs", "8", "--layers", "256:relu,10:softmax",
        "--partitions", "4", "--seed", "11", "--no-progress");
  }

  private static TrainerProcess start(String name, List<String> args) throws Exception {
    return TrainerProcess.start(dir.resolve(name + ".log"), args);
  }

  private static List<String> with(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }

  private static void expect(TrainerProcess p, String regex, Duration timeout) throws Exception {
    assertTrue(p.awaitOutput(regex, timeout), "expected output matching '" + regex + "'; got:\n" + p.output());
  }

  /** The fingerprint of {@code trainer --workers 2 <settings>} in one JVM, computed once per settings. */
  private static String localFingerprint(List<String> settings) throws Exception {
    String known = LOCAL_FINGERPRINTS.get(settings);
    if (known != null) {
      return known;
    }
    String name = "local-" + LOCAL_FINGERPRINTS.size();
    try (TrainerProcess local = start(name, with(settings, "--workers", "2", "--run-dir", dir.resolve(name).toString()))) {
      assertEquals(0, local.awaitExit(RUN), local.output());
      LOCAL_FINGERPRINTS.put(settings, local.fingerprint());
      return local.fingerprint();
    }
  }

  private static List<String> worker(int port) {
    return List.of("worker", "--join", "127.0.0.1:" + port, "--join-timeout", "2m");
  }

  private static List<String> coordinator(List<String> settings, int port, String runDir, String... more) {
    List<String> all = new ArrayList<>(List.of("coordinator"));
    all.addAll(settings);
    all.addAll(List.of("--min-workers", "2", "--bind", "127.0.0.1:" + port, "--run-dir", dir.resolve(runDir).toString()));
    all.addAll(List.of(more));
    return all;
  }

  /**
   * A small CNN (conv, maxpool, a Winograd conv with same padding and dropout, a strided conv,
   * dense) on 1,500 MNIST digits: the weights of coordinator + 2 worker JVMs with 3 partitions are
   * those of one local worker computing all 3 partitions, bit for bit.
   */
  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aCnnOnTwoWorkerJvmsGivesTheWeightsOfOneLocalWorker() throws Exception {
    List<String> cnn = List.of("--data", mnist, "--limit", "1500", "--epochs", "2", "--batch-size", "30",
        "--layers", "conv:8:3x3:relu,maxpool:2x2,conv:8:3x3:relu:padding=same:dropout=0.1,"
            + "conv:8:3x3:tanh:stride=2:padding=same,24:relu,10:softmax",
        "--optimizer", "adam", "--lr", "0.003", "--partitions", "3", "--seed", "11", "--no-progress");
    String local;
    try (TrainerProcess one = start("t6-local-1-worker", with(cnn, "--workers", "1", "--run-dir",
        dir.resolve("t6-local").toString()))) {
      assertEquals(0, one.awaitExit(RUN), one.output());
      local = one.fingerprint();
    }
    int port = ClusterTrainingTest.freePort();
    try (TrainerProcess coordinator = start("t6-coordinator", coordinator(cnn, port, "t6"));
        TrainerProcess first = start("t6-worker-1", worker(port));
        TrainerProcess second = start("t6-worker-2", worker(port))) {
      assertEquals(0, coordinator.awaitExit(RUN), coordinator.output());
      assertEquals(0, first.awaitExit(EXIT), first.output());
      assertEquals(0, second.awaitExit(EXIT), second.output());
      assertTrue(coordinator.output().contains("(2 of 2)"), coordinator.output());
      assertTrue(coordinator.output().contains("conv:8:3x3:relu,maxpool:2x2,"), coordinator.output());
      assertEquals(local, coordinator.fingerprint(), coordinator.output());
    }
  }

  /** Issue tests 1 and 5: same weights as locally, and a worker started first waits and joins. */
  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void twoWorkerJvmsGiveTheLocalWeightsAndAWorkerStartedFirstWaits() throws Exception {
    int port = ClusterTrainingTest.freePort();
    try (TrainerProcess early = start("t1-worker-early", worker(port))) {
      expect(early, "joining the coordinator at 127.0.0.1:" + port, RUN);
      try (TrainerProcess coordinator = start("t1-coordinator", coordinator(small(), port, "t1"));
          TrainerProcess late = start("t1-worker-late", worker(port))) {
        assertEquals(0, coordinator.awaitExit(RUN), coordinator.output());
        assertEquals(0, early.awaitExit(EXIT), early.output());
        assertEquals(0, late.awaitExit(EXIT), late.output());
        assertTrue(early.output().contains("joined the cluster"), early.output());
        assertTrue(coordinator.output().contains("(2 of 2)"), coordinator.output());
        assertEquals(2, coordinator.output().split("runs on this host: its steps go through shared memory", -1).length - 1,
            "both worker JVMs share memory with the coordinator: " + coordinator.output());
        assertEquals(localFingerprint(small()), coordinator.fingerprint(), coordinator.output());
      }
    }
  }

  /**
   * Issue tests 2 and 3 in one run (each costs JVMs and a run): a third worker joins mid-run and
   * takes partitions at once, then a worker JVM is killed with kill -9; its partitions move to
   * the survivors and the interrupted step is recomputed.
   */
  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aWorkerJvmJoiningAndAnotherKilledMidRunChangeNothing() throws Exception {
    int port = ClusterTrainingTest.freePort();
    try (TrainerProcess coordinator = start("t2-coordinator", coordinator(longer(), port, "t2"));
        TrainerProcess first = start("t2-worker-1", worker(port));
        TrainerProcess victim = start("t2-worker-victim", worker(port))) {
      expect(coordinator, "\\(2 of 2\\)", RUN); // training starts now
      try (TrainerProcess third = start("t2-worker-3", worker(port))) {
        expect(coordinator, "joined: 3 workers", RUN);
        victim.kill();

        assertEquals(0, coordinator.awaitExit(RUN), coordinator.output());
        assertEquals(0, first.awaitExit(EXIT), first.output());
        assertEquals(0, third.awaitExit(EXIT), third.output());
        assertTrue(coordinator.output().contains(" lost ("), "the worker must have been lost mid-run:\n" + coordinator.output());
        assertEquals(localFingerprint(longer()), coordinator.fingerprint(), coordinator.output());
      }
    }
  }

  /**
   * A worker JVM that stops answering without dying (kill -STOP: its sockets stay open, nothing is
   * read from them) is dropped after the step timeout, its partitions move and the weights stay
   * those of the local run. The coordinator writes the steps' weights on its own thread, so this
   * also shows that a silent worker does not hold that thread.
   */
  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aWorkerJvmThatStopsAnsweringIsDroppedAfterTheStepTimeout() throws Exception {
    int port = ClusterTrainingTest.freePort();
    try (TrainerProcess coordinator = start("t5-coordinator", coordinator(longer(), port, "t5", "--step-timeout", "5s"));
        TrainerProcess first = start("t5-worker-1", worker(port));
        TrainerProcess frozen = start("t5-worker-frozen", worker(port))) {
      expect(coordinator, "^epoch 1 ", RUN); // mid-run, with epochs to go
      frozen.suspend();

      assertEquals(0, coordinator.awaitExit(RUN), coordinator.output());
      assertEquals(0, first.awaitExit(EXIT), first.output());
      assertTrue(coordinator.output().contains(" lost (no answer to step"),
          "the frozen worker must have been dropped by the step timeout:\n" + coordinator.output());
      assertEquals(localFingerprint(longer()), coordinator.fingerprint(), coordinator.output());
    }
  }

  /** Issue test 4: kill -9 the coordinator; restarted with --resume, it continues with the workers that come back. */
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aCoordinatorKilledAndResumedChangesNothing() throws Exception {
    int port = ClusterTrainingTest.freePort();
    List<String> settings = with(longer(), "--checkpoint-every", "40 steps");
    try (TrainerProcess first = start("t4-worker-1", worker(port));
        TrainerProcess second = start("t4-worker-2", worker(port))) {
      try (TrainerProcess coordinator = start("t4-coordinator", coordinator(settings, port, "t4"))) {
        expect(coordinator, "^epoch 1 ", RUN);
        coordinator.kill();
      }
      expect(first, "lost the coordinator", EXIT);
      try (TrainerProcess resumed = start("t4-coordinator-resumed", coordinator(settings, port, "t4", "--resume"))) {
        assertEquals(0, resumed.awaitExit(RUN), resumed.output());
        assertEquals(0, first.awaitExit(EXIT), first.output());
        assertEquals(0, second.awaitExit(EXIT), second.output());
        assertTrue(resumed.output().contains("resuming at epoch "), resumed.output());
        assertEquals(localFingerprint(longer()), resumed.fingerprint(), resumed.output());
      }
    }
  }
}
