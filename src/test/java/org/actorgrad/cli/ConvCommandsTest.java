package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.actorgrad.cli.TrainCommandTest.Run;
import org.actorgrad.testing.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A convolutional network from the command line: it trains on MNIST, and evaluate, predict, show
 * and inspect use its model as they use a dense one. A small CNN keeps the run short; the
 * issue's full spec string is parsed by {@code ConvNetworkSpecTest}.
 */
class ConvCommandsTest {
  private static final String CNN = "conv:4:3x3:relu,maxpool:2x2,conv:8:3x3:relu:stride=2,16:relu,10:softmax";

  @TempDir Path tmp;

  @Test
  void aCnnTrainsAndItsModelServesEveryCommand() {
    String data = Datasets.require("mnist").toString();
    Path run = tmp.resolve("run");
    Run train = TrainCommandTest.trainer("--data", data, "--limit", "2000", "--epochs", "2", "--optimizer", "adam", "--lr", "0.003",
        "--layers", CNN, "--workers", "2", "--run-dir", run.toString(), "--no-progress");
    assertEquals(0, train.code(), train.err());
    assertTrue(train.out().contains("network  input:28x28x1," + CNN + ", cross-entropy, "), train.out());
    String model = run.resolve("model.agc").toString();
    Run eval = TrainCommandTest.trainer("evaluate", "--data", data, "--model", model);
    assertEquals(0, eval.code(), eval.err());
    assertTrue(eval.out().matches("(?s)test accuracy 0\\.[5-9]\\d* \\(\\d+ of 10000\\).*"), eval.out());
    Run predict = TrainCommandTest.trainer("predict", "--data", data, "--model", model, "--index", "0");
    assertEquals(0, predict.code(), predict.err());
    assertTrue(predict.out().contains("true label: 7"), predict.out());
    Run show = TrainCommandTest.trainer("show", "--data", data, "--model", model, "--index", "0");
    assertEquals(0, show.code(), show.err());
    assertTrue(show.out().contains("model says: "), show.out());
    Run inspect = TrainCommandTest.trainer("inspect", model);
    assertEquals(0, inspect.code(), inspect.err());
    assertTrue(inspect.out().contains("input:28x28x1," + CNN), inspect.out());
    assertTrue(inspect.out().contains("weights sha256: " + train.fingerprint()), inspect.out());
  }

  @Test
  void aCnnRunResumedWithTheSameOptionsEndsWithTheSameWeights() {
    String data = Datasets.require("mnist").toString();
    String[] common = {"--data", data, "--limit", "800", "--layers", CNN, "--partitions", "3",
        "--checkpoint-every", "5 steps", "--no-progress"};
    Run straight = TrainCommandTest.trainer(concat(common, "--run-dir",
        tmp.resolve("straight").toString(), "--epochs", "2", "--workers", "2"));
    assertEquals(0, straight.code(), straight.err());
    String run = tmp.resolve("run").toString();
    assertEquals(0, TrainCommandTest.trainer(concat(common, "--run-dir", run, "--epochs", "1",
        "--workers", "3")).code());
    // --layers as typed, without the input shape the checkpoint's canonical form carries.
    Run resumed = TrainCommandTest.trainer(concat(common, "--run-dir", run, "--resume", "--epochs",
        "2", "--workers", "1"));
    assertEquals(0, resumed.code(), resumed.err());
    assertEquals(straight.fingerprint(), resumed.fingerprint());
    Run changed = TrainCommandTest.trainer("--data", data, "--layers",
        "conv:5:3x3:relu,maxpool:2x2,10:softmax", "--run-dir", run, "--resume");
    assertEquals(2, changed.code());
    assertTrue(changed.err().startsWith("error: --layers input:28x28x1,conv:5:3x3:relu,maxpool:2x2,"
        + "10:softmax differs from the resumed run's input:28x28x1," + CNN), changed.err());
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void aKernelLargerThanTheImagesGetsOneLine() {
    String data = Datasets.require("mnist").toString();
    Run r = TrainCommandTest.trainer("--data", data, "--limit", "100", "--layers",
        "conv:8:30x30:relu,10:softmax", "--run-dir", tmp.resolve("bad").toString(), "--no-progress");
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("layer 1 (conv:8:30x30:relu): a 30x30 kernel is larger than its 28x28"
        + " input"), r.err());
  }

  @Test
  void aConvAfterADenseLayerIsRefusedBeforeAnyData() {
    Run r = TrainCommandTest.trainer("--layers", "128:relu,conv:8:3x3:relu,10:softmax",
        "--run-dir", tmp.resolve("t").toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("layer 2 (conv:8:3x3:relu) comes after a dense layer"), r.err());
  }
}
