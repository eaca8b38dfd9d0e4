package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.actorgrad.training.EpochMetrics;
import org.actorgrad.training.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the chart beside the metrics file is drawn: mid-run at most every interval, always at the end. */
class MetricsFileTest {
  @TempDir Path dir;

  private static EpochMetrics epoch(int e) {
    return new EpochMetrics(e, 1.0 / e, 0.8, Double.NaN, Double.NaN, 0.4, 100_000, 2, 938, 0.3);
  }

  @Test
  void epochsWithinTheIntervalDrawNoChartUntilTheRunEnds() throws Exception {
    Path metrics = dir.resolve("metrics.jsonl");
    MetricsFile file = MetricsFile.create(metrics, List.of(), 10, () -> 0L); // the clock stands still
    for (int e = 1; e <= 3; e++) {
      file.append(epoch(e));
    }
    assertFalse(Files.exists(MetricsFile.chartPath(metrics)), "no chart mid-run within the interval");
    file.finish(new TrainingResult(new float[1], List.of(), 0.5, 0.85, 3 * 938L));
    assertTrue(Files.size(MetricsFile.chartPath(metrics)) > 0);
    assertEquals(3, file.epochsCharted());
  }

  @Test
  void anEpochEndingAnIntervalAfterTheLastChartRedrawsItMidRun() throws Exception {
    Path metrics = dir.resolve("metrics.jsonl");
    AtomicLong now = new AtomicLong();
    MetricsFile file = MetricsFile.create(metrics, List.of(), 10, now::get);
    file.append(epoch(1));
    now.addAndGet(MetricsFile.CHART_INTERVAL_NANOS);
    file.append(epoch(2));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (file.epochsCharted() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(2, file.epochsCharted(), "drawn in the background after epoch 2");
    assertTrue(Files.size(MetricsFile.chartPath(metrics)) > 0);
  }

  @Test
  void theLastEpochsChartIsDrawnAtOnceWhileTheRunEnds() throws Exception {
    Path metrics = dir.resolve("metrics.jsonl");
    MetricsFile file = MetricsFile.create(metrics, List.of(), 2, () -> 0L); // the clock stands still
    file.append(epoch(1));
    file.append(epoch(2)); // the last: drawn in the background, before finish is called
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (file.epochsCharted() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(2, file.epochsCharted());
  }

  /** A run that fails after some epochs (a NaN loss, its workers lost) keeps a chart of them. */
  @Test
  void aFailedRunGetsTheChartOfItsEpochs() throws Exception {
    Path folder = dir.resolve("run");
    TrainCommandTest.Run r = TrainerWith.execute((run, listener, observer, tap) -> {
      listener.started(5, 10, 2, run.params().length);
      listener.epochDone(epoch(1));
      listener.epochDone(epoch(2));
      throw new org.actorgrad.training.TrainingException("loss became NaN at epoch 3 step 1; try a lower --lr");
    }, ShortRun.args(folder, "--epochs", "5"));
    assertEquals(1, r.code(), r.err());
    assertTrue(Files.size(folder.resolve("metrics.png")) > 0, "the chart of epochs 1-2");
  }

  @Test
  void aRunStoppedEarlyGetsTheChartOfItsEpochs() throws Exception {
    Path metrics = dir.resolve("metrics.jsonl");
    MetricsFile file = MetricsFile.create(metrics, List.of(), 10, () -> 0L);
    file.append(epoch(1));
    file.append(epoch(2));
    file.chartSoFar();
    assertEquals(2, file.epochsCharted());
    assertTrue(Files.size(MetricsFile.chartPath(metrics)) > 0);
  }
}
