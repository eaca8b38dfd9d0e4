package org.actorgrad.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.actorgrad.checkpoint.HeaderJson;
import org.actorgrad.training.EpochMetrics;
import org.actorgrad.training.RunHeader;
import org.actorgrad.training.TrainingResult;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The metrics file: one JSON object per epoch (the checkpoint header's metrics rows, {@link
 * RunHeader.Epoch}: {@code epoch} first, members in its order, a NaN left out), then a final one
 * with the test figures and the weights fingerprint; and a PNG chart of loss and accuracy per epoch
 * beside it.
 */
final class MetricsFile {
  /**
   * How long after the start of the last chart (or of the run) an epoch's end redraws it. Each draw
   * takes a core for tens of milliseconds, the first for about half a second (Java2D, fonts), and a
   * run's compute threads share the cores with it: drawn after every epoch, the chart took 12% of a
   * 5-epoch Fashion-MNIST run's CPU (JFR, issue 16). A user following a long run still sees it
   * redrawn every few epochs; the run's last chart is drawn by {@link #finish} whatever the interval.
   */
  static final long CHART_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Path file;
  private final int lastEpoch;
  private final List<EpochMetrics> epochs = new ArrayList<>();
  private final LongSupplier nanoTime;
  private long lastChartStart;
  private volatile int epochsCharted; // epochs in the newest chart written
  // One daemon thread draws the chart mid-run: drawing takes the coordinator's thread for a good
  // part of a second the first time (fonts), and the workers would wait.
  private final ExecutorService charts = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "metrics-chart");
    t.setDaemon(true);
    return t;
  });

  private MetricsFile(Path file, int lastEpoch, LongSupplier nanoTime) {
    this.file = file;
    this.lastEpoch = lastEpoch;
    this.nanoTime = nanoTime;
    this.lastChartStart = nanoTime.getAsLong();
  }

  /**
   * A new metrics file holding the epochs a resumed run already has, for a run whose last epoch is
   * {@code lastEpoch} (its chart is drawn as soon as that epoch is done).
   */
  static MetricsFile create(Path file, List<EpochMetrics> earlier, int lastEpoch) throws IOException {
    return create(file, earlier, lastEpoch, System::nanoTime);
  }

  /** As above, timing the chart's redraws with {@code nanoTime} (tests). */
  static MetricsFile create(Path file, List<EpochMetrics> earlier, int lastEpoch, LongSupplier nanoTime)
      throws IOException {
    TrainingOptions.ensureParent(file);
    Files.writeString(file, "", StandardCharsets.UTF_8);
    MetricsFile m = new MetricsFile(file, lastEpoch, nanoTime);
    earlier.forEach(m::record);
    return m;
  }

  static Path chartPath(Path metrics) {
    String name = metrics.getFileName().toString().replaceFirst("\\.jsonl?$", "");
    return metrics.resolveSibling(name + ".png");
  }

  /**
   * Writes the epoch's line, then, when {@link #CHART_INTERVAL_NANOS} have passed since the last
   * chart was started or the run's last epoch is done, redraws the chart on a background thread
   * (the step loop goes on; after the last epoch, the chart is drawn while the test set is
   * evaluated, and {@link #finish} only waits for it).
   */
  void append(EpochMetrics m) {
    record(m);
    long now = nanoTime.getAsLong();
    if (now - lastChartStart >= CHART_INTERVAL_NANOS || m.epoch() >= lastEpoch) {
      lastChartStart = now;
      List<EpochMetrics> sofar = List.copyOf(epochs);
      charts.execute(() -> drawQuietly(sofar));
    }
  }

  private void record(EpochMetrics m) {
    epochs.add(m);
    line(RunHeader.Epoch.of(m));
  }

  /** The last line of the file. */
  record Result(double testLoss, double testAccuracy, long steps, String weightsSha256) {}

  void finish(TrainingResult result) throws IOException {
    line(new Result(result.testLoss(), result.testAccuracy(), result.steps(), result.fingerprint()));
    awaitCharts();
    if (chartBehind()) {
      writeChart(epochs);
    }
  }

  /**
   * Draws the chart of the epochs so far unless the newest chart shows them all (a run that stopped
   * or failed before its last epoch; after that epoch, nothing to do), and ends the chart thread; a
   * failure to draw leaves the older chart.
   */
  void chartSoFar() {
    awaitCharts();
    if (chartBehind()) {
      drawQuietly(epochs);
    }
  }

  /** Whether an epoch is missing from the newest chart written (or none was). */
  private boolean chartBehind() {
    return !epochs.isEmpty() && epochsCharted < epochs.size();
  }

  private void awaitCharts() {
    charts.shutdown();
    try {
      charts.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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

  private void line(Record row) {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.APPEND)) {
      w.write(HeaderJson.MAPPER.writeValueAsString(row));
      w.newLine();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + row + " as JSON", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e); // a full disk names no file
    }
  }

  /** How many epochs the newest chart written shows (0: none written). */
  int epochsCharted() {
    return epochsCharted;
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
    // Drawn beside it, then moved over it: a run stopped while the chart is being drawn (a signal
    // after an epoch line) left an empty metrics.png (found by a new-user trial).
    Path drawing = png.resolveSibling("." + png.getFileName() + ".drawing.png");
    String base = drawing.toString().replaceFirst("\\.png$", "");
    try {
      BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
      Files.move(drawing, png, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      epochsCharted = epochs.size();
    } finally {
      Files.deleteIfExists(drawing);
    }
  }
}
