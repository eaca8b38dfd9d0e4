package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.actorgrad.testing.SyntheticIdx;
import org.actorgrad.training.EpochMetrics;
import org.actorgrad.training.LocalTraining;
import org.actorgrad.training.TrainingListener;
import org.actorgrad.training.TrainingResult;
import org.actorgrad.training.Worker;
import org.actorgrad.ui.Fanout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * {@code trainer --ui}, for real: a short run serves its page, which headless Chromium (Debian's
 * chromium and chromium-driver; .ci/run installs them) opens through WebDriver. Mid-run (the
 * coordinator held at the end of epoch 2) and at the end, the loss curve has one point per
 * finished epoch, with the metrics file's values, and the workers are listed; {@code /metrics} is
 * scraped and checked against the metrics file. The page's screenshot goes to
 * target/live-page.png (docs/live-page.png was taken the same way, of a real run).
 */
class LivePageTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration PAGE_WAIT = Duration.ofSeconds(60);
  private static final int EPOCHS = 3;

  // Selenium warns, at length, that it has no DevTools binding for this Chromium: the test uses none.
  private static final java.util.logging.Logger SELENIUM = java.util.logging.Logger.getLogger("org.openqa.selenium");

  @TempDir Path tmp;
  private WebDriver browser;

  @BeforeEach
  void openBrowser() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String message = "SKIPPED LOUDLY: no headless browser: install Debian's chromium and chromium-driver"
          + " (.ci/run does) to run the live page's test";
      System.err.println(message);
      assumeTrue(false, message);
    }
    SELENIUM.setLevel(java.util.logging.Level.SEVERE);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=390,844");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void thePageShowsTheRunLiveAndMetricsMatchTheMetricsFile() throws Exception {
    Path data = SyntheticIdx.write(tmp.resolve("data"), 600, 100, 1);
    Path runDir = tmp.resolve("run");
    String[] args = {"--data", data.toString(), "--epochs", String.valueOf(EPOCHS), "--layers", "16:relu,10:softmax",
        "--batch-size", "20", "--workers", "2", "--partitions", "4", "--run-dir", runDir.toString(),
        "--no-progress", "--ui", "127.0.0.1:0"};
    // As Main builds it (defaults from config/), but the session is run here, with a trainer that
    // lets the test look at the page mid-run and before the session closes its server.
    CommandLine cli = Main.commandLine(Settings.load(args));
    TrainCommand command = (TrainCommand) cli.getCommand();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    cli.parseArgs(args);
    Path metricsFile = runDir.resolve("metrics.jsonl");
    AtomicReference<Throwable> midRun = new AtomicReference<>();
    List<String> checked = new ArrayList<>();

    int code = TrainingSession.run(command.options, command.ui, cli.getCommandSpec(), (run, listener, observer, tap) -> {
      String page = address(out.toString());
      browser.get(page);
      // Held on the coordinator's thread at the end of epoch 2: the page must show 2 points then.
      TrainingListener hold = new TrainingListener() {
        @Override
        public void epochDone(EpochMetrics m) {
          if (m.epoch() == 2) {
            try {
              checkPage(2, metricsFile, "training");
              checked.add("mid-run");
            } catch (Throwable e) {
              midRun.set(e);
            }
          }
        }
      };
      TrainingResult result = LocalTraining.run(run, Fanout.listeners(listener, hold), observer, Worker::create,
          ConfigFactory.empty(), tap);
      // The run is over; its page is served until the session ends.
      try {
        checkPage(EPOCHS, metricsFile, "finished");
        checkMetrics(page, metricsFile, result);
        checkPhoneWidthAndScreenshot();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      checked.add("finished");
      return result;
    });

    if (midRun.get() != null) {
      throw new AssertionError("mid-run check failed", midRun.get());
    }
    assertEquals(0, code, out.toString());
    assertEquals(List.of("mid-run", "finished"), checked);
  }

  private static String address(String out) {
    Matcher m = Pattern.compile("live page at (http://127\\.0\\.0\\.1:\\d+/)").matcher(out);
    assertTrue(m.find(), "the address is printed: " + out);
    return m.group(1);
  }

  /** Waits until the page shows {@code epochs} finished epochs, then reads points, table and workers at once. */
  @SuppressWarnings("unchecked")
  private void checkPage(int epochs, Path metricsFile, String status) throws Exception {
    new WebDriverWait(browser, PAGE_WAIT).until(b -> status.equals(b.findElement(By.id("status")).getText())
        && b.findElements(By.cssSelector("#loss-chart circle.point.train")).size() == epochs);
    // One script, so that the page cannot change between the readings.
    Map<String, Object> seen = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript("""
        return {
          losses: [...document.querySelectorAll('#loss-chart circle.point.train')].map(c => Number(c.dataset.y)),
          valAccuracies: [...document.querySelectorAll('#accuracy-chart circle.point.val')].map(c => Number(c.dataset.y)),
          epochRows: document.querySelectorAll('#epochs tbody tr').length,
          workers: [...document.querySelectorAll('#workers tbody tr')].map(r => [...r.cells].map(c => c.textContent)),
          settings: document.querySelectorAll('#settings dt').length,
        };""");
    List<JsonNode> lines = epochLines(metricsFile);
    assertEquals(epochs, lines.size(), "metrics file lines");
    List<Number> losses = (List<Number>) seen.get("losses");
    List<Number> valAccuracies = (List<Number>) seen.get("valAccuracies");
    assertEquals(epochs, losses.size(), "one point per finished epoch: " + seen);
    assertEquals(epochs, valAccuracies.size(), "one point per finished epoch: " + seen);
    assertEquals(epochs, ((Number) seen.get("epochRows")).intValue(), "one table row per finished epoch");
    for (int i = 0; i < epochs; i++) {
      assertEquals(lines.get(i).get("loss").asDouble(), losses.get(i).doubleValue(), 1e-12, "epoch " + (i + 1) + " loss");
      assertEquals(lines.get(i).get("val_accuracy").asDouble(), valAccuracies.get(i).doubleValue(), 1e-12,
          "epoch " + (i + 1) + " validation accuracy");
    }
    List<List<String>> workers = (List<List<String>>) seen.get("workers");
    assertEquals(List.of("worker-0", "worker-1"), workers.stream().map(w -> w.get(0)).sorted().toList(), "workers: " + workers);
    for (List<String> w : workers) {
      assertEquals("this JVM", w.get(1), "host: " + w);
      assertEquals("active", w.get(2), "status: " + w);
      assertTrue(w.get(3).matches("\\d+(-\\d+)?(, \\d+(-\\d+)?)*"), "partitions: " + w);
      assertTrue(w.get(4).endsWith(" s ago"), "last gradient: " + w);
    }
    assertTrue(((Number) seen.get("settings")).intValue() > 10, "the settings are listed: " + seen);
  }

  private void checkMetrics(String page, Path metricsFile, TrainingResult result) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(page + "metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
    Map<String, Double> m = prometheus(r.body());
    List<JsonNode> lines = epochLines(metricsFile);
    JsonNode last = lines.get(lines.size() - 1);
    long steps = 0;
    double samples = 0;
    for (JsonNode l : lines) {
      steps += l.get("steps").asLong();
      samples += l.get("samples_per_second").asDouble() * l.get("seconds").asDouble();
    }
    assertEquals(EPOCHS, m.get("actorgrad_epochs"), 0);
    assertEquals(steps, m.get("actorgrad_steps_total"), 0, "steps");
    assertEquals(result.steps(), m.get("actorgrad_steps_total"), 0, "steps");
    assertEquals(steps, m.get("actorgrad_step_seconds_count"), 0, "one step time per step");
    assertTrue(m.containsKey("actorgrad_step_seconds_bucket{le=\"+Inf\"}"), "the step time is a histogram");
    assertEquals(samples, m.get("actorgrad_samples_total"), 1e-6 * samples, "samples");
    assertEquals(last.get("loss").asDouble(), m.get("actorgrad_loss{split=\"train\"}"), 1e-12);
    assertEquals(last.get("val_loss").asDouble(), m.get("actorgrad_loss{split=\"validation\"}"), 1e-12);
    assertEquals(last.get("train_accuracy").asDouble(), m.get("actorgrad_accuracy{split=\"train\"}"), 1e-12);
    assertEquals(last.get("val_accuracy").asDouble(), m.get("actorgrad_accuracy{split=\"validation\"}"), 1e-12);
    assertEquals(last.get("workers").asDouble(), m.get("actorgrad_workers"), 0);
    assertTrue(m.get("actorgrad_checkpoint_write_seconds_count") >= EPOCHS, "a checkpoint per epoch: " + m);
    assertTrue(m.containsKey("actorgrad_wire_bytes_total{direction=\"sent\"}"), "wire bytes: " + m);
  }

  private void checkPhoneWidthAndScreenshot() throws Exception {
    Number overflow = (Number) ((JavascriptExecutor) browser).executeScript(
        "return document.documentElement.scrollWidth - window.innerWidth;");
    assertTrue(overflow.intValue() <= 0, "the page fits a phone's width; it is " + overflow + " px wider");
    browser.manage().window().setSize(new Dimension(1200, 1150));
    new WebDriverWait(browser, PAGE_WAIT).until(b -> "finished".equals(b.findElement(By.id("status")).getText()));
    Path shot = Path.of(System.getProperty("actorgrad.project", "."), "target", "live-page.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
  }

  private static List<JsonNode> epochLines(Path metricsFile) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> epochs = new ArrayList<>();
    for (String line : Files.readAllLines(metricsFile, StandardCharsets.UTF_8)) {
      JsonNode n = json.readTree(line);
      if (n.has("epoch")) {
        epochs.add(n);
      }
    }
    return epochs;
  }

  /** Prometheus' text format: {@code name{labels} value} per sample line, comments skipped. */
  private static Map<String, Double> prometheus(String text) {
    Map<String, Double> samples = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return samples;
  }
}
