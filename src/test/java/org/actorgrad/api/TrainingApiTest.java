package org.actorgrad.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.actorgrad.cli.Main;
import org.actorgrad.data.DatasetLocator;
import org.actorgrad.data.Dataset;
import org.actorgrad.testing.SyntheticIdx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training, loading and predicting from Java: the same weights as the command line, and clear errors. */
class TrainingApiTest {
  @TempDir static Path tmp;
  static Path data;
  static Trained trained;
  static Path saved;

  @BeforeAll
  static void trainFromJava() throws Exception {
    data = SyntheticIdx.write(tmp.resolve("data"), 1500, 400, 8);
    saved = tmp.resolve("api/model.agc");
    trained = Training.train(TrainOptions.builder().data(data).layers("32:tanh,10:softmax").optimizer("adam")
        .lr(0.01f).epochs(2).batchSize(40).workers(2).seed(11).modelOut(saved).build());
  }

  @Test
  void givesTheWeightsOfTheCommandLineWithTheSameOptionsBitForBit() {
    // Another worker count with the same partitions: the promise holds across the API too.
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"--data", data.toString(), "--layers", "32:tanh,10:softmax", "--optimizer",
        "adam", "--lr", "0.01", "--epochs", "2", "--batch-size", "40", "--workers", "1", "--partitions", "2",
        "--seed", "11", "--run-dir", tmp.resolve("cli").toString(), "--no-progress"},
        new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, code, err.toString());
    Matcher m = Pattern.compile("weights sha256: ([0-9a-f]{64})").matcher(out.toString());
    assertTrue(m.find(), out.toString());
    assertEquals(m.group(1), trained.result().fingerprint());
    assertEquals(2, trained.result().history().size());
    assertTrue(trained.result().testAccuracy() > 0.9, "learnable data: " + trained.result().testAccuracy());
  }

  @Test
  void theSavedModelLoadsWithTheSameParametersAndPredictions() {
    Model loaded = Model.load(saved);
    assertArrayEquals(trained.model().parameters(), loaded.parameters());
    assertEquals(SyntheticIdx.ROWS * SyntheticIdx.COLS, loaded.inputs());
    assertEquals(10, loaded.classes());
    Dataset test = DatasetLocator.load(data, "mnist").test();
    int correct = 0;
    for (int i = 0; i < test.count(); i++) {
      float[] x = new float[test.features()];
      test.fill(x, new int[1], new int[] {i}, 0, 1);
      Prediction p = loaded.predict(x);
      float sum = 0;
      for (int c = 0; c < p.probabilities().length; c++) {
        sum += p.probabilities()[c];
        assertTrue(p.probabilities()[c] <= p.confidence(), "the label is the most probable class");
      }
      assertEquals(1f, sum, 1e-5f);
      assertArrayEquals(p.probabilities(), trained.model().predict(x).probabilities());
      correct += p.label() == test.label(i) ? 1 : 0;
    }
    assertEquals(trained.result().testAccuracy(), (double) correct / test.count(), 1e-12,
        "predict agrees with the run's own test accuracy");
  }

  @Test
  void defaultsAreTheCommandLinesFromConfigTrainerConf() {
    TrainOptions o = TrainOptions.builder().build();
    assertEquals("128:relu,10:softmax", o.layers());
    assertEquals("cross-entropy", o.loss());
    assertEquals("sgd", o.optimizer());
    assertEquals(0.1f, o.lr());
    assertEquals(64, o.batchSize());
    assertEquals(42, o.seed());
    assertEquals(-1, o.validation());
    assertEquals(null, o.modelOut());
  }

  @Test
  void badInputIsOneClearException() {
    IllegalArgumentException lr = assertThrows(IllegalArgumentException.class,
        () -> Training.train(TrainOptions.builder().data(data).lr(-1f).build()));
    assertEquals("--lr must be a positive number, got -1.0", lr.getMessage());
    IllegalArgumentException pixels = assertThrows(IllegalArgumentException.class,
        () -> trained.model().predict(new float[784]));
    assertEquals("expected 64 pixels (the model's input), found 784", pixels.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> Model.load(tmp.resolve("nothing.agc")));
    assertTrue(missing.getMessage().startsWith("no model at "), missing.getMessage());
    IllegalArgumentException notAModel = assertThrows(IllegalArgumentException.class,
        () -> Model.load(data.resolve("train-images-idx3-ubyte")));
    assertTrue(notAModel.getMessage().contains("train-images-idx3-ubyte"), notAModel.getMessage());
  }
}
