package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.actorgrad.checkpoint.CheckpointStore;
import org.actorgrad.testing.Datasets;
import org.actorgrad.testing.TrainerProcess;
import org.actorgrad.training.RunCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM and Ctrl-C (SIGINT) on real trainer JVMs: the step in flight is finished and
 * checkpointed, the process says so in a line and exits 143 or 130, and that checkpoint resumes to
 * the weights of a run that was never stopped; a second signal stops at once; a worker stopped by
 * a signal says so. (Before: no checkpoint of the step it stopped at, and a worker said that the
 * coordinator had left.)
 */
class StopSignalIT {
  private static final Duration RUN = Duration.ofMinutes(4);
  private static final Pattern STOPPED = Pattern.compile(
      "stopped by (SIG\\w+) after step ([\\d,]+): its checkpoint is (\\S+); continue with --resume (\\S+)");

  @TempDir Path tmp;

  /** Three epochs of a 784-256-10 network in steps of 32: many steps, a few seconds each epoch. */
  private static List<String> settings(Path runDir, String... more) {
    List<String> a = new ArrayList<>(List.of("--data", Datasets.mnistOrSynthetic().toString(),
        "--epochs", "3", "--layers", "256:relu,10:softmax", "--batch-size", "32", "--partitions", "3",
        "--optimizer", "adam", "--lr", "0.001", "--seed", "31", "--checkpoint-every", "7 steps", "--keep", "100",
        "--run-dir", runDir.toString(), "--no-progress"));
    a.addAll(List.of(more));
    return a;
  }

  private static List<String> plus(String first, List<String> rest, String... more) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    all.addAll(List.of(more));
    return all;
  }

  private String calmFingerprint() throws Exception {
    try (TrainerProcess calm = TrainerProcess.start(tmp.resolve("calm.log"), settings(tmp.resolve("calm"), "--workers", "2"))) {
      assertEquals(0, calm.awaitExit(RUN), calm.output());
      return calm.fingerprint();
    }
  }

  /** The highest step checkpointed in {@code dir} so far, -1 for none. */
  private static long newestStep(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return -1;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().matches("ckpt-\\d{10}\\.agc"))
          .mapToLong(CheckpointStore::stepOf).max().orElse(-1);
    }
  }

  /** Waits until a checkpoint of a step after {@code step} is on disk: the run is stepping. */
  private static void awaitCheckpointAfter(TrainerProcess p, Path dir, long step) throws Exception {
    long deadline = System.nanoTime() + RUN.toNanos();
    while (newestStep(dir) <= step) {
      assertTrue(p.isAlive() && System.nanoTime() < deadline, "no checkpoint after step " + step + ":\n" + p.output());
      Thread.sleep(20);
    }
  }

  /** Checks the stop line and its checkpoint; returns the step. */
  private static long assertStopped(TrainerProcess p, String signal, int code) throws Exception {
    assertEquals(code, p.awaitExit(RUN), p.output());
    Matcher m = STOPPED.matcher(p.output());
    assertTrue(m.find(), p.output());
    assertEquals(signal, m.group(1));
    long step = Long.parseLong(m.group(2).replace(",", ""));
    Path file = Path.of(m.group(3));
    assertEquals(file.getParent(), Path.of(m.group(4)), "the line names the folder to resume: " + m.group());
    assertTrue(p.output().contains(signal + ": stopping after the step in flight, with its checkpoint"), p.output());
    assertEquals(step, RunCheckpoint.read(CheckpointFormat.read(file)).header().position().globalStep(), file.toString());
    assertEquals(step, CheckpointStore.stepOf(file));
    assertFalse(p.output().contains("Exception"), p.output());
    return step;
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void sigtermAndCtrlCCheckpointTheStepInFlightAndTheRunResumesBitIdentical() throws Exception {
    String expected = calmFingerprint();
    Path run = tmp.resolve("stopped");
    Path checkpoints = run.resolve("checkpoints");
    long first;
    try (TrainerProcess p = TrainerProcess.start(tmp.resolve("term.log"), settings(run, "--workers", "2"))) {
      awaitCheckpointAfter(p, checkpoints, 0);
      p.signal("TERM");
      first = assertStopped(p, "SIGTERM", 143);
    }
    long second;
    try (TrainerProcess p = TrainerProcess.start(tmp.resolve("int.log"), settings(run, "--workers", "3", "--resume"))) {
      awaitCheckpointAfter(p, checkpoints, first);
      p.signal("INT");
      second = assertStopped(p, "SIGINT", 130);
      assertTrue(p.output().contains("resuming at epoch"), p.output());
    }
    assertTrue(second > first);
    try (TrainerProcess p = TrainerProcess.start(tmp.resolve("end.log"), settings(run, "--workers", "1", "--resume"))) {
      assertEquals(0, p.awaitExit(RUN), p.output());
      assertEquals(expected, p.fingerprint(), "resumed from the stops' checkpoints, the weights differ");
    }
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private static List<String> worker(int port) {
    return List.of("worker", "--join", "127.0.0.1:" + port, "--join-timeout", "2m");
  }

  /**
   * A cluster: a worker stopped by SIGTERM says so and leaves (the run goes on without it); the
   * coordinator stopped by SIGTERM checkpoints its step in flight, its other worker says the run
   * was stopped (exit 143, as its coordinator), and a local run resumes it to the weights of an
   * undisturbed run.
   */
  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aStoppedWorkerSaysSoAndAStoppedCoordinatorCheckpointsItsStep() throws Exception {
    String expected = calmFingerprint();
    int port = freePort();
    Path run = tmp.resolve("cluster");
    Path checkpoints = run.resolve("checkpoints");
    long stopped;
    try (TrainerProcess coordinator = TrainerProcess.start(tmp.resolve("coordinator.log"), plus("coordinator",
            settings(run, "--min-workers", "2", "--bind", "127.0.0.1:" + port, "--step-timeout", "2m")));
        TrainerProcess leaving = TrainerProcess.start(tmp.resolve("worker-leaving.log"), worker(port));
        TrainerProcess staying = TrainerProcess.start(tmp.resolve("worker-staying.log"), worker(port))) {
      awaitCheckpointAfter(coordinator, checkpoints, 0);
      leaving.signal("TERM");
      assertEquals(143, leaving.awaitExit(RUN), leaving.output());
      assertTrue(leaving.output().contains("stopped by SIGTERM: this worker left the cluster; exiting"), leaving.output());
      assertFalse(leaving.output().matches("(?s).*(the coordinator at \\S+ left|lost the coordinator).*"), leaving.output());
      assertTrue(coordinator.awaitOutput(" lost \\(", RUN), coordinator.output());

      long before = newestStep(checkpoints);
      awaitCheckpointAfter(coordinator, checkpoints, before); // stepping with the one worker left
      coordinator.signal("TERM");
      stopped = assertStopped(coordinator, "SIGTERM", 143);
      // A stop, not a failure (before: "the coordinator failed the run", exit 1): resumable, as it says.
      assertEquals(143, staying.awaitExit(RUN), staying.output());
      assertTrue(staying.output().contains("the coordinator was stopped by SIGTERM after step " + stopped + ", with that"
          + " step's checkpoint: continue the run with --resume on the coordinator, then start this worker again"),
          staying.output());
      assertFalse(staying.output().contains("failed the run"), staying.output());
    }
    try (TrainerProcess p = TrainerProcess.start(tmp.resolve("resumed.log"), settings(run, "--workers", "2", "--resume"))) {
      assertEquals(0, p.awaitExit(RUN), p.output());
      assertTrue(p.output().contains("resuming at epoch"), p.output());
      assertEquals(expected, p.fingerprint(), "resumed from step " + stopped + ", the weights differ");
    }
  }

  /**
   * A coordinator waiting for a worker that never comes, stopped by SIGTERM: exit 143 and nothing
   * of its start left, {@code latest} still at the run before. (Before: System.exit from the signal
   * left runs/<id>/ with run.lock, an empty metrics.jsonl and checkpoints/, and latest pointing at it.)
   */
  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void sigtermBeforeTheFirstStepLeavesNoRunFolderAndLatestAsItWas() throws Exception {
    org.actorgrad.checkpoint.RunsFolder runs = new org.actorgrad.checkpoint.RunsFolder(tmp.resolve("runs"));
    Path earlier = runs.createRun("20261207-050000-aaaa");
    Files.writeString(earlier.resolve("model.agc"), "an earlier run's model");
    runs.pointLatestAt(earlier);
    int port = freePort();
    try (TrainerProcess coordinator = TrainerProcess.start(tmp.resolve("waiting.log"), plus("coordinator",
        settings(runs.latestPointer(), "--min-workers", "1", "--bind", "127.0.0.1:" + port)))) {
      assertTrue(coordinator.awaitOutput("waiting for workers: 0 of 1", RUN), coordinator.output());
      coordinator.signal("TERM");
      assertEquals(143, coordinator.awaitExit(RUN), coordinator.output());
      assertTrue(coordinator.output().contains("stopped by SIGTERM before training began"), coordinator.output());
    }
    try (Stream<Path> left = Files.list(runs.root())) {
      assertEquals(List.of(earlier.getFileName().toString(), "latest"),
          left.map(p -> p.getFileName().toString()).sorted().toList(), "what the runs folder holds");
    }
    assertEquals(earlier.getFileName(), Files.readSymbolicLink(runs.latestPointer()), "latest as before");
  }

  /** A coordinator whose step cannot finish (its worker is frozen) stops at once on a second signal. */
  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void aSecondSignalStopsAtOnce() throws Exception {
    int port = freePort();
    Path run = tmp.resolve("second");
    try (TrainerProcess coordinator = TrainerProcess.start(tmp.resolve("coordinator2.log"), plus("coordinator",
            settings(run, "--min-workers", "1", "--bind", "127.0.0.1:" + port, "--step-timeout", "10m")));
        TrainerProcess frozen = TrainerProcess.start(tmp.resolve("worker-frozen.log"), worker(port))) {
      awaitCheckpointAfter(coordinator, run.resolve("checkpoints"), 0);
      frozen.suspend();
      coordinator.signal("TERM");
      assertTrue(coordinator.awaitOutput("SIGTERM: stopping after the step in flight", RUN), coordinator.output());
      assertTrue(coordinator.isAlive(), "the step in flight waits for the frozen worker:\n" + coordinator.output());
      coordinator.signal("TERM");
      assertEquals(143, coordinator.awaitExit(Duration.ofSeconds(60)), coordinator.output());
      assertTrue(coordinator.output().contains("stopped at once by a second SIGTERM"), coordinator.output());
      frozen.signal("CONT");
    }
  }
}
