package org.actorgrad.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.actorgrad.checkpoint.CheckpointStore;
import org.actorgrad.training.EpochMetrics;
import org.junit.jupiter.api.Test;

/** The page's state without actors or a clock: the time is passed in, in nanoseconds. */
class RunStateTest {
  private static final long S = 1_000_000_000L;
  private final ObjectMapper json = new ObjectMapper();

  private static RunState state() {
    return new RunState(Map.of("seed", 42), 4, 3, 10, List.of(), 0);
  }

  private JsonNode worker(RunState s, String name, long nanos) throws Exception {
    for (JsonNode w : json.readTree(s.json(nanos)).get("workers")) {
      if (w.get("name").asText().equals(name)) {
        return w;
      }
    }
    throw new AssertionError("no worker " + name + " in " + s.json(nanos));
  }

  @Test
  void aMovedPartitionBelongsToItsNewOwnerAndGradientsDateTheirSenders() throws Exception {
    RunState s = state();
    for (int p = 0; p < 4; p++) {
      s.partitionTaken(p % 2 == 0 ? "worker-0" : "worker-1@10.0.0.2:2553", p);
    }
    s.partitionTaken("worker-2", 3); // a joiner takes partition 3 from worker-1
    s.partitionDropped("worker-1@10.0.0.2:2553", 3);
    s.gradient("worker-2", 5 * S);
    s.gradient("worker-0", 6 * S);
    assertEquals("[0,2]", worker(s, "worker-0", 8 * S).get("partitions").toString());
    assertEquals("[1]", worker(s, "worker-1", 8 * S).get("partitions").toString());
    assertEquals("10.0.0.2:2553", worker(s, "worker-1", 8 * S).get("host").asText());
    assertEquals("[3]", worker(s, "worker-2", 8 * S).get("partitions").toString());
    assertEquals(3.0, worker(s, "worker-2", 8 * S).get("lastGradientSecondsAgo").asDouble(), 1e-9);
    assertEquals(2.0, worker(s, "worker-0", 8 * S).get("lastGradientSecondsAgo").asDouble(), 1e-9);
    assertTrue(worker(s, "worker-1", 8 * S).get("lastGradientSecondsAgo").isNull(), "never answered");
    assertEquals(3, s.activeWorkers());
  }

  @Test
  void aLostWorkerKeepsItsRowWithoutPartitionsAndTheEventIsListed() throws Exception {
    RunState s = state();
    s.partitionTaken("worker-0", 0);
    s.partitionTaken("worker-1", 1);
    s.workerLost("worker-1", "stopped", 1, 2 * S);
    s.partitionTaken("worker-0", 1);
    JsonNode lost = worker(s, "worker-1", 3 * S);
    assertEquals("lost", lost.get("status").asText());
    assertEquals("[]", lost.get("partitions").toString());
    assertEquals("[0,1]", worker(s, "worker-0", 3 * S).get("partitions").toString());
    assertEquals(1, s.activeWorkers());
    JsonNode event = json.readTree(s.json(3 * S)).get("events").get(0);
    assertEquals(1, json.readTree(s.json(3 * S)).get("events").size());
    assertEquals("2.0", event.get("at").asText());
    assertEquals("worker worker-1 lost (stopped): 1 partition(s) moved", event.get("text").asText());
  }

  @Test
  void workersHereBeforeTheFirstStepAreEventsLaterOnesAreJoins() throws Exception {
    RunState s = state();
    s.workerSeen("worker-0", S);
    s.workerSeen("worker-0", S); // its Setup, then its Register: one worker, one event
    s.epochStarted(1, 2 * S);
    s.workerSeen("worker-9@10.0.0.9:2552", 3 * S);
    s.workerJoined("worker-9@10.0.0.9:2552", 2, 3 * S);
    JsonNode events = json.readTree(s.json(4 * S)).get("events");
    assertEquals(2, events.size(), events.toString());
    assertEquals("worker worker-0 is here", events.get(0).get("text").asText());
    assertEquals("worker worker-9@10.0.0.9:2552 joined: 2 workers", events.get(1).get("text").asText());
  }

  @Test
  void theRunningLossIsThinnedToABoundedNumberOfPointsInStepOrder() throws Exception {
    RunState s = state();
    s.epochStarted(1, 0);
    int steps = 10 * RunState.MAX_RUNNING_POINTS + 3;
    for (int i = 1; i <= steps; i++) {
      assertEquals(S / 100, s.stepDone(i, 10L * i, 1.0 / i, i * S / 100), "the step's time");
    }
    JsonNode o = json.readTree(s.json(steps * S / 100));
    JsonNode running = o.get("running");
    assertTrue(running.size() < RunState.MAX_RUNNING_POINTS && running.size() > RunState.MAX_RUNNING_POINTS / 4,
        "points: " + running.size());
    for (int i = 1; i < running.size(); i++) {
      assertTrue(running.get(i).get(0).asInt() > running.get(i - 1).get(0).asInt());
      assertEquals(1.0 / running.get(i).get(0).asInt(), running.get(i).get(1).asDouble(), 1e-15);
    }
    assertEquals(100.0, o.get("stepsPerSecond").asDouble(), 1e-6);
    assertEquals(1000.0, o.get("samplesPerSecond").asDouble(), 1e-6);
    s.epochStarted(2, steps * S);
    assertEquals(0, json.readTree(s.json(steps * S)).get("running").size(), "a new epoch starts a new curve");
  }

  @Test
  void historyCheckpointsAndSettingsAreRendered() throws Exception {
    EpochMetrics first = new EpochMetrics(1, 0.5, 0.8, Double.NaN, Double.NaN, 2, 100, 2, 10, 1.5);
    RunState s = new RunState(Map.of("seed", 42), 2, 3, 10, List.of(first), 0);
    assertEquals(1, json.readTree(s.json(0)).get("epoch").asInt(), "a resumed run shows the epochs it has");
    s.epochDone(new EpochMetrics(2, 0.25, 0.9, 0.3, 0.88, 2, 100, 2, 10, 1.5));
    long before = s.version();
    s.checkpointSaved(new CheckpointStore.SaveResult(Path.of("/runs/ckpt-0000000020.agc"), 1234, 56, true), S);
    assertTrue(s.version() > before, "a change is a new version");
    JsonNode o = json.readTree(s.json(S));
    assertEquals(2, o.get("history").size());
    assertTrue(o.get("history").get(0).get("valLoss").isNull(), "no validation: null, not NaN");
    assertEquals(0.88, o.get("history").get(1).get("valAccuracy").asDouble());
    assertEquals("/runs/ckpt-0000000020.agc", o.get("checkpoints").get(0).get("file").asText());
    assertEquals(56, o.get("checkpoints").get(0).get("millis").asLong());
    assertEquals(42, o.get("settings").get("seed").asInt());
    assertEquals(2, s.epochs().size());
    for (int c = 1; c <= RunState.MAX_CHECKPOINTS + 5; c++) {
      s.checkpointSaved(new CheckpointStore.SaveResult(Path.of("/runs/ckpt-" + c + ".agc"), 1234, 56, false), S);
    }
    JsonNode kept = json.readTree(s.json(S)).get("checkpoints");
    assertEquals(RunState.MAX_CHECKPOINTS, kept.size(), "a bounded list");
    assertEquals("/runs/ckpt-" + (RunState.MAX_CHECKPOINTS + 5) + ".agc", kept.get(kept.size() - 1).get("file").asText());
  }
}
