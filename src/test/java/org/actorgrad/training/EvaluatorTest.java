package org.actorgrad.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.actorgrad.data.Dataset;
import org.actorgrad.model.BatchStats;
import org.actorgrad.model.FeatureShape;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;

/**
 * The evaluator bounds its engine by bytes (a CNN evaluates fewer samples at a time than 250) and
 * still gives the bits of the fixed chunks of 250 it always used: the loss summed sample by sample
 * within each chunk, the chunks' sums added.
 */
class EvaluatorTest {
  private static final String CNN = "conv:32:3x3:relu,maxpool:2x2,conv:64:3x3:relu,maxpool:2x2,128:relu,10:softmax";

  @Test
  void aCnnRunsInSmallBatchesWithTheBitsOfChunksOf250() {
    Network network = new Network(NetworkSpec.parse(new FeatureShape(1, 28, 28), 10, CNN, "ce"));
    Evaluator evaluator = new Evaluator(network, 784);
    // Fewer than a dense network's 250 (142 since the conv layers before pools keep no batch-wide
    // activation or delta), and 263 samples below make batches that differ from the chunks of 250.
    assertTrue(evaluator.batch() > 1 && evaluator.batch() < 250, "batch " + evaluator.batch());
    assertTrue((long) evaluator.batch() * GradientEngine.bytesPerSample(network) <= GradientEngine.EVALUATION_BYTES);
    Dataset data = randomImages(263, 28, 28);
    float[] params = network.initialParameters(3);
    BatchStats actual = evaluator.evaluate(params, data);
    BatchStats expected = inChunksOf250(network, params, data, 784);
    assertEquals(expected.count(), actual.count());
    assertEquals(expected.correct(), actual.correct());
    assertEquals(Double.doubleToRawLongBits(expected.lossSum()), Double.doubleToRawLongBits(actual.lossSum()),
        expected.lossSum() + " vs " + actual.lossSum());
  }

  @Test
  void aDenseNetworkStillTakes250AtATime() {
    Network network = new Network(NetworkSpec.parse(new FeatureShape(1, 28, 28), 10, "128:relu,10:softmax", "ce"));
    assertEquals(250, new Evaluator(network, 784).batch());
  }

  @Test
  void lanesGiveTheBitsOfOneLaneDenseAndCnn() {
    for (String layers : new String[] {"128:relu,10:softmax", CNN}) {
      Network network = new Network(NetworkSpec.parse(new FeatureShape(1, 28, 28), 10, layers, "ce"));
      Dataset data = randomImages(1_037, 28, 28); // 5 groups, the last one short
      float[] params = network.initialParameters(5);
      BatchStats one = new Evaluator(network, 784, 1).evaluate(params, data);
      for (int lanes : new int[] {2, 3, 8}) {
        Evaluator evaluator = new Evaluator(network, 784, lanes);
        for (int repeat = 0; repeat < 2; repeat++) { // the pool's threads are reused the second time
          BatchStats many = evaluator.evaluate(params, data);
          assertEquals(one.count(), many.count(), layers + ", " + lanes + " lanes");
          assertEquals(one.correct(), many.correct(), layers + ", " + lanes + " lanes");
          assertEquals(Double.doubleToRawLongBits(one.lossSum()), Double.doubleToRawLongBits(many.lossSum()),
              layers + ", " + lanes + " lanes: " + one.lossSum() + " vs " + many.lossSum());
        }
      }
      BatchStats none = new Evaluator(network, 784, 3).evaluate(params, randomImages(0, 28, 28));
      assertEquals(0, none.count());
    }
  }

  @Test
  void everyLaneGetsAThread() {
    Network network = new Network(NetworkSpec.parse(new FeatureShape(1, 28, 28), 10, "128:relu,10:softmax", "ce"));
    Evaluator evaluator = new Evaluator(network, 784, 4);
    evaluator.evaluate(network.initialParameters(1), randomImages(2_000, 28, 28)); // 8 groups
    assertEquals(3, evaluator.threadsStarted(), "the calling thread and 3 pool threads");
  }

  @Test
  void aLaneCountBelowOneIsRefused() {
    Network network = new Network(NetworkSpec.parse(new FeatureShape(1, 28, 28), 10, "10:softmax", "ce"));
    assertThrows(IllegalArgumentException.class, () -> new Evaluator(network, 784, 0));
  }

  /** What the evaluator computed before it was bounded by bytes. */
  private static BatchStats inChunksOf250(Network network, float[] params, Dataset data, int features) {
    GradientEngine engine = new GradientEngine(network, 250);
    float[] x = new float[250 * features];
    int[] y = new int[250];
    int[] indices = new int[250];
    BatchStats total = new BatchStats(0, 0, 0);
    for (int from = 0; from < data.count(); from += 250) {
      int n = Math.min(250, data.count() - from);
      for (int k = 0; k < n; k++) {
        indices[k] = from + k;
      }
      data.fill(x, y, indices, 0, n);
      total = total.plus(engine.evaluate(params, x, y, n));
    }
    return total;
  }

  private static Dataset randomImages(int count, int rows, int cols) {
    SeededRandom rng = new SeededRandom(9);
    byte[] pixels = new byte[count * rows * cols];
    byte[] labels = new byte[count];
    for (int k = 0; k < pixels.length; k++) {
      pixels[k] = (byte) (rng.nextFloat() < 0.7f ? 0 : (int) (rng.nextFloat() * 256));
    }
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) (i % 10);
    }
    return Dataset.of("random", rows, cols, pixels, labels);
  }
}
