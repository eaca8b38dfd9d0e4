package org.actorgrad.cli;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actorgrad.training.EpochMetrics;
import org.actorgrad.training.TrainingResult;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The metrics file: one JSON object per epoch, then a final one with the test accuracy and the
 * weights fingerprint; and a PNG chart of loss and accuracy per epoch beside it.
 */
final class MetricsFile {
  private final Path file;
  private final List<EpochMetrics> epochs = new ArrayList<>();
  // One daemon thread draws the chart after each epoch: drawing takes the coordinator's thread for
  // a good part of a second the first time (fonts), and the workers would wait.
  private final java.util.concurrent.ExecutorService charts = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "metrics-chart");
    t.setDaemon(true);
    return t;
  });

  private MetricsFile(Path file) {
    this.file = file;
  }

  /** A new metrics file holding the epochs a resumed run already has. */
  static MetricsFile create(Path file, List<EpochMetrics> earlier) throws IOException {
    TrainingOptions.ensureParent(file);
    Files.writeString(file, "", StandardCharsets.UTF_8);
    MetricsFile m = new MetricsFile(file);
    earlier.forEach(m::record);
    return m;
  }

  static Path chartPath(Path metrics) {
    String name = metrics.getFileName().toString().replaceFirst("\\.jsonl?$", "");
    return metrics.resolveSibling(name + ".png");
  }

  /** Writes the epoch's line, then redraws the chart on a background thread (the step loop goes on). */
  void append(EpochMetrics m) {
    record(m);
    List<EpochMetrics> sofar = List.copyOf(epochs);
    charts.execute(() -> drawQuietly(sofar));
  }

  private void record(EpochMetrics m) {
    epochs.add(m);
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("epoch", m.epoch());
    o.put("loss", m.loss());
    o.put("train_accuracy", m.trainAccuracy());
    o.put("val_loss", finiteOrNull(m.validationLoss()));
    o.put("val_accuracy", finiteOrNull(m.validationAccuracy()));
    o.put("seconds", m.seconds());
    o.put("samples_per_second", m.samplesPerSecond());
    o.put("workers", m.workers());
    o.put("steps", m.steps());
    o.put("compute_seconds", m.computeSeconds());
    line(o);
  }

  void finish(TrainingResult result) throws IOException {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("test_loss", result.testLoss());
    o.put("test_accuracy", result.testAccuracy());
    o.put("steps", result.steps());
    o.put("weights_sha256", result.fingerprint());
    line(o);
    charts.shutdown();
    try {
      charts.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!epochs.isEmpty()) {
      writeChart(epochs);
    }
  }

  /** A chart that cannot be drawn mid-run is left as it was; the last one, in {@link #finish}, reports. */
  private void drawQuietly(List<EpochMetrics> sofar) {
    try {
      writeChart(sofar);
    } catch (IOException | RuntimeException e) {
      // the next epoch's chart, or finish's, tries again
    }
  }

  private static Object finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private void line(Map<String, Object> o) {
    String json = ConfigValueFactory.fromMap(o).render(ConfigRenderOptions.concise());
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND)) {
      w.write(json);
      w.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeChart(List<EpochMetrics> epochs) throws IOException {
    double[] x = new double[epochs.size()];
    double[] loss = new double[x.length];
    double[] train = new double[x.length];
    double[] val = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      EpochMetrics m = epochs.get(i);
      x[i] = m.epoch();
      loss[i] = m.loss();
      train[i] = m.trainAccuracy();
      val[i] = Double.isFinite(m.validationAccuracy()) ? m.validationAccuracy() : 0;
    }
    XYChart chart = new XYChartBuilder().width(800).height(500)
        .title("actorgrad: loss and accuracy per epoch").xAxisTitle("epoch").yAxisTitle("value").build();
    chart.addSeries("training loss", x, loss).setMarker(SeriesMarkers.CIRCLE);
    chart.addSeries("training accuracy", x, train).setMarker(SeriesMarkers.DIAMOND);
    chart.addSeries("validation accuracy", x, val).setMarker(SeriesMarkers.SQUARE);
    Path png = chartPath(file);
    String base = png.toString().replaceFirst("\\.png$", "");
    BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
  }
}
