package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.actorgrad.checkpoint.HeaderJson;
import org.actorgrad.testing.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training command end to end, in this JVM: what a user types and what they get. */
class TrainCommandTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {
    String fingerprint() {
      Matcher m = Pattern.compile("weights sha256: ([0-9a-f]{64})").matcher(out);
      assertTrue(m.find(), out + err);
      return m.group(1);
    }
  }

  static Run trainer(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private List<String> quick(Path runDir, String... more) {
    List<String> a = new ArrayList<>(List.of("--data", Datasets.mnistOrSynthetic().toString(),
        "--limit", "2000", "--epochs", "2", "--layers", "32:relu,10:softmax", "--run-dir", runDir.toString(),
        "--no-progress"));
    a.addAll(List.of(more));
    return a;
  }

  @Test
  void trainsSavesAndReportsEverythingAUserNeeds() throws Exception {
    Path run = tmp.resolve("run");
    Run r = trainer(quick(run, "--workers", "3").toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("epoch 1  loss"), r.out());
    assertTrue(r.out().contains("epoch 2  loss"), r.out());
    assertTrue(r.out().contains("test accuracy 0."), r.out());
    assertTrue(r.out().contains("model saved to " + run.resolve("model.agc")), r.out());
    assertTrue(Files.size(run.resolve("model.agc")) > 100_000);
    assertTrue(Files.size(run.resolve("metrics.png")) > 1_000, "the chart is drawn");
    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"), StandardCharsets.UTF_8);
    assertEquals(3, lines.size());
    JsonNode epoch = HeaderJson.MAPPER.readTree(lines.get(0));
    assertEquals(List.of("epoch", "loss", "train_accuracy", "val_loss", "val_accuracy", "seconds", "samples_per_second",
        "workers", "steps", "compute_seconds"), keys(epoch), "keys in a stable order");
    assertEquals(1, epoch.get("epoch").intValue());
    JsonNode last = HeaderJson.MAPPER.readTree(lines.get(2));
    assertEquals(List.of("test_loss", "test_accuracy", "steps", "weights_sha256"), keys(last));
    assertEquals(r.fingerprint(), last.get("weights_sha256").textValue());
    assertTrue(last.get("test_accuracy").doubleValue() > 0.5, "learnt well above chance: " + lines.get(2));
  }

  @Test
  void theWorkerCountDoesNotChangeTheWeights() {
    String one = trainer(quick(tmp.resolve("a"), "--workers", "1", "--partitions", "4").toArray(String[]::new)).fingerprint();
    String four = trainer(quick(tmp.resolve("b"), "--workers", "4").toArray(String[]::new)).fingerprint();
    String eight = trainer(quick(tmp.resolve("c"), "--workers", "8", "--partitions", "4").toArray(String[]::new)).fingerprint();
    assertEquals(one, four);
    assertEquals(one, eight);
  }

  @Test
  void theKernelWarmUpDoesNotChangeTheWeights() {
    // The warm-up runs the kernels on scratch buffers while the run starts (KernelWarmup); with it
    // cut to nothing, the run must give the same bits. 20,000 rounds: it still runs at the first step.
    String previous = System.getProperty("actorgrad.warmup.rounds");
    try {
      System.setProperty("actorgrad.warmup.rounds", "20000");
      String warm = trainer(quick(tmp.resolve("warm"), "--workers", "2").toArray(String[]::new)).fingerprint();
      System.setProperty("actorgrad.warmup.rounds", "0");
      String cold = trainer(quick(tmp.resolve("cold"), "--workers", "2").toArray(String[]::new)).fingerprint();
      assertEquals(cold, warm);
    } finally {
      if (previous == null) {
        System.clearProperty("actorgrad.warmup.rounds");
      } else {
        System.setProperty("actorgrad.warmup.rounds", previous);
      }
    }
  }

  @Test
  void evaluatePredictAndShowUseTheSavedModel() {
    Path run = tmp.resolve("run");
    assertEquals(0, trainer(quick(run, "--workers", "2").toArray(String[]::new)).code());
    String data = Datasets.mnistOrSynthetic().toString();
    String model = run.resolve("model.agc").toString();
    Run eval = trainer("evaluate", "--data", data, "--model", model);
    assertEquals(0, eval.code(), eval.err());
    assertTrue(eval.out().contains("confusion matrix"), eval.out());
    assertTrue(eval.out().matches("(?s)test accuracy 0\\.\\d+ \\(\\d+ of 10000\\).*"), eval.out());
    Run predict = trainer("predict", "--data", data, "--model", model, "--index", "0");
    assertEquals(0, predict.code(), predict.err());
    assertTrue(predict.out().contains("true label: 7"), predict.out());
    assertTrue(predict.out().contains("  3. "), predict.out());
    Run show = trainer("show", "--data", data, "--model", model, "--index", "0");
    assertEquals(0, show.code(), show.err());
    assertTrue(show.out().contains("@@"), "the digit is drawn: " + show.out());
    assertTrue(show.out().contains("model says: "), show.out());
  }

  @Test
  void badInputGetsOneLineAndANonZeroExit() {
    Run r = trainer("--workers", "-1");
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: --workers must be at least 1, got -1"), r.err());
    Run typo = trainer("--layers", "128:rleu,10:softmax", "--run-dir", tmp.resolve("t").toString());
    assertEquals(2, typo.code());
    assertTrue(typo.err().contains("unknown activation 'rleu'"), typo.err());
    assertEquals(1, typo.err().strip().lines().count(), typo.err());
    Run index = trainer("show", "--data", Datasets.mnistOrSynthetic().toString(), "--index", "10000");
    assertEquals(2, index.code());
    assertTrue(index.err().contains("out of range"), index.err());
    Run unknown = trainer("--wrokers", "2");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("--wrokers"), unknown.err());
  }

  private static List<String> keys(JsonNode object) {
    List<String> keys = new ArrayList<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys;
  }
}
