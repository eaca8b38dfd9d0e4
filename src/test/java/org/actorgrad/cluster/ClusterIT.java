package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real JVMs on 127.0.0.1: a coordinator and worker processes from the shaded jar, compared bit
 * for bit (by the printed weights fingerprint) with a local run of the same settings. Each test
 * is bounded in time, and every process it starts is killed when it ends. Their logs stay in
 * target/cluster-it.
 */
class ClusterIT {
  private static final Duration RUN = Duration.ofMinutes(3);
  private static final Map<List<String>, String> LOCAL_SHAS = new ConcurrentHashMap<>();

  private static Path jar;
  private static String mnist;

  /** Logs, models and metrics of every process: target/cluster-it, kept for a look after a failure. */
  private static Path dir;

  @BeforeAll
  static void locate() throws Exception {
    dir = Path.of(System.getProperty("actorgrad.project", "."), "target", "cluster-it");
    if (Files.isDirectory(dir)) {
      try (var old = Files.walk(dir)) {
        old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(dir);
    jar = Path.of(System.getProperty("actorgrad.jar", "target/trainer.jar"));
    assertTrue(Files.isRegularFile(jar), "the shaded jar should be built before the integration tests: " + jar);
    String datasets = System.getProperty("actorgrad.datasets", "");
    assumeTrue(!datasets.isBlank() && Files.isDirectory(Path.of(datasets, "mnist")),
        "SKIPPED: set ACTORGRAD_DATASETS to the folder holding mnist/ to run the cluster tests");
    mnist = Path.of(datasets, "mnist").toString();
  }

  /** A short run: most of its time is JVM start-up and data loading. */
  private static List<String> small() {
    return List.of("--data", mnist, "--limit", "3000", "--epochs", "2", "--layers", "32:relu,10:softmax",
        "--seed", "11", "--no-progress");
  }

  /** Long enough (several seconds per epoch) for a worker to die or join while it runs. */
  private static List<String> longer() {
    return List.of("--data", mnist, "--limit", "6000", "--epochs", "3", "--layers", "256:relu,10:softmax",
        "--partitions", "4", "--seed", "11", "--no-progress");
  }

  private static String[] args(String command, List<String> settings, String... more) {
    List<String> all = new ArrayList<>();
    if (command != null) {
      all.add(command);
    }
    all.addAll(settings);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /** The fingerprint of {@code trainer --workers 2 <settings>} in one JVM, computed once per settings. */
  private static String localSha(List<String> settings) throws Exception {
    String sha = LOCAL_SHAS.get(settings);
    if (sha != null) {
      return sha;
    }
    try (TrainerProcesses processes = new TrainerProcesses(jar, dir)) {
      String name = "local-" + LOCAL_SHAS.size();
      TrainerProcesses.Trainer local = processes.start(name,
          args(null, settings, "--workers", "2", "--run-dir", dir.resolve(name).toString()));
      assertEquals(0, local.awaitExit(RUN), local.output());
      sha = local.weightsSha();
    }
    LOCAL_SHAS.put(settings, sha);
    return sha;
  }

  private static String[] worker(int port) {
    return new String[] {"worker", "--join", "127.0.0.1:" + port, "--join-timeout", "2m"};
  }

  private static String[] coordinator(List<String> settings, int port, String runDir) {
    return args("coordinator", settings, "--min-workers", "2", "--bind", "127.0.0.1:" + port,
        "--run-dir", dir.resolve(runDir).toString());
  }

  /** Issue tests 1 and 5: same weights as locally, and a worker started first waits and joins. */
  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void twoWorkerJvmsGiveTheLocalWeightsAndAWorkerStartedFirstWaits() throws Exception {
    int port = ClusterTrainingTest.freePort();
    try (TrainerProcesses processes = new TrainerProcesses(jar, dir)) {
      TrainerProcesses.Trainer early = processes.start("t1-worker-early", worker(port));
      early.awaitOutput("joining the coordinator at 127.0.0.1:" + port, RUN);
      TrainerProcesses.Trainer coordinator = processes.start("t1-coordinator", coordinator(small(), port, "t1"));
      TrainerProcesses.Trainer late = processes.start("t1-worker-late", worker(port));

      assertEquals(0, coordinator.awaitExit(RUN), coordinator.output());
      assertEquals(0, early.awaitExit(Duration.ofSeconds(60)), early.output());
      assertEquals(0, late.awaitExit(Duration.ofSeconds(60)), late.output());
      assertTrue(early.output().contains("joined the cluster"), early.output());
      assertTrue(coordinator.output().contains("(2 of 2)"), coordinator.output());
      assertEquals(localSha(small()), coordinator.weightsSha(), coordinator.output());
    }
  }

  /** Issue test 2: kill -9 a worker JVM mid-epoch; its partitions move, the step is recomputed. */
  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aWorkerJvmKilledMidEpochChangesNothing() throws Exception {
    int port = ClusterTrainingTest.freePort();
    try (TrainerProcesses processes = new TrainerProcesses(jar, dir)) {
      TrainerProcesses.Trainer coordinator = processes.start("t2-coordinator", coordinator(longer(), port, "t2"));
      TrainerProcesses.Trainer survivor = processes.start("t2-worker-survivor", worker(port));
      TrainerProcesses.Trainer victim = processes.start("t2-worker-victim", worker(port));
      coordinator.awaitOutput("epoch 1 ", RUN);
      victim.killHard();

      assertEquals(0, coordinator.awaitExit(RUN), coordinator.output());
      assertEquals(0, survivor.awaitExit(Duration.ofSeconds(60)), survivor.output());
      assertTrue(coordinator.output().contains(" lost ("), "the worker must have been lost mid-run:\n" + coordinator.output());
      assertTrue(coordinator.output().contains("epoch 3 "), coordinator.output());
      assertEquals(localSha(longer()), coordinator.weightsSha(), coordinator.output());
    }
  }

  /** Issue test 3: a third worker joins mid-run and takes partitions at once. */
  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aThirdWorkerJvmJoiningMidRunChangesNothing() throws Exception {
    int port = ClusterTrainingTest.freePort();
    try (TrainerProcesses processes = new TrainerProcesses(jar, dir)) {
      TrainerProcesses.Trainer coordinator = processes.start("t3-coordinator", coordinator(longer(), port, "t3"));
      List<TrainerProcesses.Trainer> workers = new ArrayList<>();
      workers.add(processes.start("t3-worker-1", worker(port)));
      workers.add(processes.start("t3-worker-2", worker(port)));
      coordinator.awaitOutput("(2 of 2)", RUN); // training starts now
      workers.add(processes.start("t3-worker-3", worker(port)));

      assertEquals(0, coordinator.awaitExit(RUN), coordinator.output());
      for (TrainerProcesses.Trainer w : workers) {
        assertEquals(0, w.awaitExit(Duration.ofSeconds(60)), w.output());
      }
      assertTrue(coordinator.output().contains("joined: 3 workers"),
          "the third worker must have joined while the run went on:\n" + coordinator.output());
      assertEquals(localSha(longer()), coordinator.weightsSha(), coordinator.output());
    }
  }
}
