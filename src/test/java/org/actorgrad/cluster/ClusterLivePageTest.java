package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.actorgrad.testing.SyntheticData;
import org.actorgrad.training.MathOptions;
import org.actorgrad.training.TrainingConfig;
import org.actorgrad.training.TrainingPlan;
import org.actorgrad.training.TrainingResult;
import org.actorgrad.training.TrainingRun;
import org.actorgrad.ui.LiveRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The live page's state and {@code /metrics} for a cluster run: a worker node (through its data
 * link) and a worker in the coordinator's JVM are both listed with their partitions and last
 * gradient, and the wire's bytes are counted. (The page itself renders this JSON: LivePageTest.)
 */
class ClusterLivePageTest {
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void remoteAndLocalWorkersAreListedAndTheWireIsMetered() throws Exception {
    TrainingConfig config = new TrainingConfig(
        new MathOptions("16:relu,10:softmax", "cross-entropy", "sgd", 0.1f, "constant", 16, 2, 5, 40, 0),
        2, 2, 1, Duration.ofSeconds(60));
    TrainingRun run = TrainingRun.start(TrainingPlan.create(config, SyntheticData.of(300, 100, 1)));
    List<String> notes = new CopyOnWriteArrayList<>();
    HostPort coordinator = new HostPort("127.0.0.1", ClusterTrainingTest.freePort());
    CompletableFuture<ClusterWorker.Result> worker = CompletableFuture.supplyAsync(() -> ClusterWorker.run(
        new ClusterWorker.Settings(new HostPort("127.0.0.1", 0), coordinator, 1, Duration.ofSeconds(90),
            line -> notes.add("worker: " + line), ConfigFactory.empty())));
    try (LiveRun live = LiveRun.open(new HostPort("127.0.0.1", 0), run, Map.of("mode", "cluster"))) {
      TrainingResult result = ClusterTraining.run(run, live.listener(), live.observer(),
          new ClusterTraining.Settings(coordinator, 1, 1, line -> notes.add("coordinator: " + line),
              ConfigFactory.empty()), live.tap());
      assertEquals(ClusterWorker.Result.FINISHED, worker.get(60, TimeUnit.SECONDS), "notes: " + notes);

      JsonNode state = new ObjectMapper().readTree(get(live.address() + "api/run"));
      assertEquals("finished", state.get("status").asText());
      assertEquals(2, state.get("history").size());
      JsonNode workers = state.get("workers");
      assertEquals(2, workers.size(), "workers: " + workers);
      JsonNode local = null;
      JsonNode remote = null;
      for (JsonNode w : workers) {
        if (w.get("host").asText().equals("this JVM")) {
          local = w;
        } else {
          remote = w;
        }
      }
      assertEquals("worker-0", local.get("name").asText(), "workers: " + workers);
      assertTrue(remote.get("host").asText().matches("127\\.0\\.0\\.1:\\d+"), "workers: " + workers);
      for (JsonNode w : List.of(local, remote)) {
        assertEquals("active", w.get("status").asText(), "workers: " + workers);
        assertEquals(1, w.get("partitions").size(), "one partition each: " + workers);
        assertFalse(w.get("lastGradientSecondsAgo").isNull(), "each answered: " + workers);
      }

      String metrics = get(live.address() + "metrics");
      assertTrue(metrics.contains("\nactorgrad_workers 2.0\n"), metrics);
      assertTrue(metrics.contains("\nactorgrad_steps_total " + (double) result.steps() + "\n"), metrics);
      for (String direction : List.of("sent", "received")) {
        String line = metrics.lines().filter(l -> l.startsWith("actorgrad_wire_bytes_total{direction=\"" + direction))
            .findFirst().orElseThrow();
        assertTrue(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) > 0, line);
      }
    }
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), url);
    return r.body();
  }
}
