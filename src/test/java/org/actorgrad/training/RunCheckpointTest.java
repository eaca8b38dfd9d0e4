package org.actorgrad.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.actorgrad.checkpoint.Checkpoint;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.actorgrad.testing.SyntheticData;
import org.junit.jupiter.api.Test;

/** The run header: written as typed records, read back equal, each bad field one line naming it. */
class RunCheckpointTest {
  private static final TrainingPlan PLAN = TrainingPlan.create(TestRuns.config(2, 3), SyntheticData.of(120, 40, 5));

  private static Checkpoint trained;

  /** A finished two-epoch run's checkpoint, trained once for all tests. */
  private static synchronized Checkpoint trained() {
    if (trained == null) {
      trained = train();
    }
    return trained;
  }

  private static Checkpoint train() {
    TrainingRun run = TrainingRun.start(PLAN);
    TrainingResult result = LocalTraining.run(run, TrainingListener.NONE, RunObserver.NONE);
    return RunCheckpoint.of(PLAN, run.snapshot(0), new RunCheckpoint.Outcome(result.testLoss(), result.testAccuracy()));
  }

  @Test
  void whatIsWrittenReadsBackEqualInOrderWithTheMathRevision() {
    Checkpoint c = trained();
    assertEquals(List.of("kind", "math_revision", "math", "epochs", "network", "data", "position", "optimizer_state",
        "metrics", "val_accuracy", "finished", "test_loss", "test_accuracy", "run_id"), List.copyOf(c.header().keySet()));
    assertEquals(List.of("layers", "loss", "optimizer", "lr", "schedule", "batch_size", "partitions", "seed",
        "validation", "limit"), List.copyOf(c.map("math").keySet()));
    assertEquals((long) MathOptions.REVISION, c.number("math_revision"));
    assertEquals(0.05, c.map("math").get("lr")); // the float's shortest decimal
    RunCheckpoint.Run back = RunCheckpoint.read(c);
    assertEquals(PLAN.config().math(), back.header().math());
    assertEquals(List.of("velocity"), back.header().optimizerState().tensors());
    assertArrayEquals(c.tensor("params"), back.state().params());
    assertEquals(2, back.state().history().size());
    assertEquals(back.header(), RunCheckpoint.read(new Checkpoint(c.header(), c.tensors())).header());
  }

  @Test
  void aNaNIsLeftOutAndReadsBackAsNaN() {
    TrainingPlan noValidation = TrainingPlan.create(new TrainingConfig(
        new MathOptions("16:relu,10:softmax", "cross-entropy", "sgd", 0.05f, "constant", 24, 2, 7, 0, 0),
        1, 1, 1, java.time.Duration.ofSeconds(20)), SyntheticData.of(60, 20, 5));
    TrainingRun run = TrainingRun.start(noValidation);
    LocalTraining.run(run, TrainingListener.NONE, RunObserver.NONE);
    Checkpoint c = RunCheckpoint.of(noValidation, run.snapshot(0), null);
    Map<?, ?> row = (Map<?, ?>) c.list("metrics").get(0);
    assertTrue(!row.containsKey("val_loss") && !row.containsKey("val_accuracy"), row.toString());
    assertTrue(!c.has("val_accuracy") && !c.has("test_loss"), c.toString());
    RunHeader h = RunCheckpoint.read(c).header();
    assertTrue(Double.isNaN(h.metrics().get(0).valLoss()) && Double.isNaN(h.testAccuracy()));
  }

  @Test
  void eachBadFieldIsOneLineNamingIt() {
    Checkpoint good = trained();
    assertBad(good, h -> section(h, "position").remove("epoch"), "header field position.epoch is missing");
    assertBad(good, h -> section(h, "math").remove("lr"), "header field math.lr is missing");
    assertBad(good, h -> section(h, "position").put("epoch", "two"),
        "header field position.epoch: expected a whole number (32 bits), found \"two\"");
    assertBad(good, h -> section(h, "position").put("epoch", 1.5),
        "header field position.epoch: expected a whole number (32 bits), found 1.5");
    assertBad(good, h -> section(h, "position").put("epoch", 3_000_000_000L),
        "header field position.epoch: expected a whole number (32 bits), found 3000000000");
    assertBad(good, h -> section(h, "math").put("seed", "7"), "header field math.seed: expected a whole number (64 bits), found \"7\"");
    assertBad(good, h -> section(h, "math").put("layers", 128), "header field math.layers: expected a string, found 128");
    assertBad(good, h -> h.put("finished", 1), "header field finished: expected true or false, found 1");
    assertBad(good, h -> h.put("position", List.of()), "header field position: expected an object, found []");
    assertBad(good, h -> section(h, "position").put("epoch", -1), "header field position.epoch must be 0 or more, found -1");
    assertBad(good, h -> section(h, "position").put("step_in_epoch", 4),
        "header field position.step_in_epoch must be 0 to 3 (steps_per_epoch 4), found 4");
    assertBad(good, h -> section(h, "data").put("train_count", -3), "header field data.train_count must be 0 or more, found -3");
    assertBad(good, h -> section(h, "optimizer_state").put("steps", -1),
        "header field optimizer_state.steps must be 0 or more, found -1");
    assertBad(good, h -> section(h, "math").put("optimizer", "adma"), "header field math is not a valid run: ");
    assertBad(good, h -> section(h, "math").put("loss", "hinge"), "header field math is not a valid run: unknown loss 'hinge'");
    assertBad(good, h -> h.put("kind", "actorgrad-run"), null); // unchanged: reads
    assertBad(good, h -> section(h, "position").put("colour", "red"),
        "header field position.colour is unknown to this build (written by a newer actorgrad?)");
    assertBad(good, h -> h.put("math_revision", 0), "header field math_revision must be 1 or more, found 0");
    assertBad(good, h -> section(h, "network").put("parameters", 7),
        "header field network.parameters is 7, but the network 16:relu,10:softmax on 64 inputs has ");
    assertBad(good, h -> h.put("metrics", List.of(Map.of("epoch", 1))), "header field metrics[0].workers is missing");
  }

  @Test
  void dataShapeAndClassNamesAreWrittenAndChecked() {
    Checkpoint good = trained();
    assertEquals(List.of(1L, 8L, 8L), good.map("data").get("shape"));
    RunHeader.DataIdentity data = RunCheckpoint.read(good).header().data();
    assertEquals(List.of(1, 8, 8), data.shape());
    assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), data.classNames());
    assertBad(good, h -> section(h, "data").put("shape", List.of(1, 8)),
        "header field data.shape must be 3 positive numbers [channels, rows, cols], found [1, 8]");
    assertBad(good, h -> section(h, "data").put("shape", List.of(0, 8, 8)),
        "header field data.shape must be 3 positive numbers [channels, rows, cols], found [0, 8, 8]");
    assertBad(good, h -> section(h, "data").put("shape", List.of(1, 8, "8")),
        "header field data.shape[2]: expected a whole number (32 bits), found \"8\"");
    assertBad(good, h -> section(h, "data").put("shape", List.of(3, 8, 8)),
        "header field data.shape is [3, 8, 8] (192 values), but network.inputs is 64");
    assertBad(good, h -> section(h, "data").put("class_names", List.of("a", "b")),
        "header field data.class_names holds 2 names, but network.classes is 10");
    assertBad(good, h -> section(h, "data").put("class_names", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "")),
        "header field data.class_names must be non-empty names, found ");
    assertBad(good, h -> section(h, "data").put("class_names", "0123456789"),
        "header field data.class_names: expected a list, found \"0123456789\"");
  }

  @Test
  void theRunIdIsWrittenReadBackAndEmptyForHeadersWrittenBeforeRunsHadIds() {
    TrainingPlan plan = TrainingPlan.create(TestRuns.config(2, 3), SyntheticData.of(120, 40, 5), "20261207-051101-3fa9");
    Checkpoint c = RunCheckpoint.of(plan, TrainingRun.start(plan).snapshot(0), null);
    assertEquals("20261207-051101-3fa9", c.header().get("run_id"));
    assertEquals("20261207-051101-3fa9", RunCheckpoint.read(c).header().runId());
    Map<String, Object> older = deepCopy(c.header());
    older.remove("run_id");
    assertEquals("", RunCheckpoint.read(new Checkpoint(older, c.tensors())).header().runId());
    assertBad(c, h -> h.put("run_id", "../x"), "header field run_id must be a folder name, found \"../x\"");
  }

  @Test
  void aHeaderWrittenBeforeShapeAndClassNamesGetsThemFilledIn() {
    Checkpoint good = trained();
    Map<String, Object> header = deepCopy(good.header());
    section(header, "data").remove("shape");
    section(header, "data").remove("class_names");
    RunHeader.DataIdentity data = RunCheckpoint.read(new Checkpoint(header, good.tensors())).header().data();
    assertEquals(List.of(1, 8, 8), data.shape()); // 64 inputs: a square
    assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), data.classNames());
    section(header, "data").put("dataset", "fashion-mnist");
    data = RunCheckpoint.read(new Checkpoint(header, good.tensors())).header().data();
    assertEquals("T-shirt/top", data.classNames().get(0));
    assertEquals("Ankle boot", data.classNames().get(9));
    // Inputs that are not a square: one row of them.
    section(header, "network").put("inputs", 60);
    section(header, "network").put("parameters", 60 * 16 + 16 + 16 * 10 + 10);
    data = RunCheckpoint.header(new Checkpoint(header, good.tensors())).data();
    assertEquals(List.of(1, 1, 60), data.shape());
  }

  @Test
  void tensorsMustMatchTheHeader() {
    Checkpoint good = trained();
    Map<String, float[]> tensors = new LinkedHashMap<>(good.tensors());
    tensors.remove("optim.velocity");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunCheckpoint.read(new Checkpoint(good.header(), tensors)));
    assertEquals("the header names optimiser state 'velocity' but there is no tensor optim.velocity", e.getMessage());
    tensors.put("params", new float[3]);
    e = assertThrows(IllegalArgumentException.class, () -> RunCheckpoint.read(new Checkpoint(good.header(), tensors)));
    assertTrue(e.getMessage().startsWith("tensor params holds 3 floats, the header's network has "), e.getMessage());
  }

  @Test
  void aHeaderOfTheFirstLayoutIsMigratedAsRevision1() throws Exception {
    // Written by the build before RunHeader: math split over "network" and "training", no revision.
    Checkpoint old = CheckpointFormat.read(seed("seed-checkpoint-mid-run"));
    assertTrue(old.has("training") && !old.has("math_revision"));
    RunCheckpoint.Run run = RunCheckpoint.read(old);
    assertEquals(1, run.header().mathRevision());
    assertEquals(new MathOptions("1:relu,10:softmax", "cross-entropy", "momentum", 0.1f, "constant", 50, 1, 42, 50, 200),
        run.header().math());
    assertEquals(1, run.header().epochs());
    assertEquals(List.of("velocity"), run.header().optimizerState().tensors());
    assertEquals(3, run.state().optimizerSteps());
    assertEquals(3, run.state().history().get(0).steps());
    assertEquals(0.1113, run.header().testAccuracy());
    assertEquals(List.of(1, 28, 28), run.header().data().shape()); // 784 inputs, recorded before shapes were
    assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), run.header().data().classNames());
  }

  private static Path seed(String name) throws URISyntaxException {
    return Path.of(RunCheckpointTest.class.getResource(
        "/org/actorgrad/checkpoint/CheckpointFormatFuzzTestInputs/anyFile/" + name).toURI());
  }

  /** {@code expected} null: the edited header still reads. */
  private static void assertBad(Checkpoint good, Consumer<Map<String, Object>> edit, String expected) {
    Map<String, Object> header = deepCopy(good.header());
    edit.accept(header);
    Checkpoint bad = new Checkpoint(header, good.tensors());
    if (expected == null) {
      RunCheckpoint.read(bad);
      return;
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunCheckpoint.read(bad));
    assertTrue(e.getMessage().startsWith(expected), "expected '" + expected + "...', found: " + e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> header, String name) {
    return (Map<String, Object>) header.get(name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> inner ? deepCopy((Map<String, Object>) inner) : v));
    return out;
  }
}
