package org.actorgrad.model;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.actorgrad.optim.Optimizer;
import org.actorgrad.optim.OptimizerSpec;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;

/**
 * End to end on real digits: the default network (784-128 relu-10 softmax), SGD lr 0.1, batch
 * 64, shuffled each epoch, 5 epochs over the 10k training digits of ${actorgrad.datasets}/mnist.
 * PyTorch reaches 0.913 test accuracy on this exact data; we require more than 0.90.
 */
class MnistTrainingTest {
  private static final int BATCH = 64;
  private static final int EPOCHS = 5;
  private static final float LR = 0.1f;
  private static final long SEED = 1;

  @Test
  void defaultNetworkLearnsMnist() throws IOException {
    String datasets = System.getProperty("actorgrad.datasets", "");
    Path dir = datasets.isBlank() || datasets.startsWith("${") ? null : Path.of(datasets, "mnist");
    if (dir == null || !Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz"))) {
      System.err.println("\n*** SKIPPING MnistTrainingTest: no MNIST at " + dir
          + " (set ACTORGRAD_DATASETS=/work/shared/datasets) ***\n");
    }
    assumeTrue(dir != null && Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz")),
        "MNIST not found: set ACTORGRAD_DATASETS to the directory holding mnist/ (found '" + datasets + "')");
    MnistTestData train = MnistTestData.load(dir, "train");
    MnistTestData test = MnistTestData.load(dir, "t10k");

    Network network = new Network(NetworkSpec.parse(train.pixels(), 10, NetworkSpec.DEFAULT_LAYERS, "cross-entropy"));
    float[] params = network.initialParameters(SEED);
    Optimizer sgd = OptimizerSpec.sgd().create(network.parameterCount());
    GradientEngine engine = new GradientEngine(network, BATCH);
    float[] grad = new float[network.parameterCount()];
    float[] x = new float[BATCH * train.pixels()]; // (B, 784)
    int[] labels = new int[BATCH];
    int[] ids = new int[BATCH];
    int[] order = new int[train.count()];
    long start = System.nanoTime();
    long step = 0;
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      SeededRandom.derive(SEED, epoch).shuffleInPlace(order);
      BatchStats epochStats = BatchStats.ZERO;
      for (int first = 0; first < order.length; first += BATCH) {
        int n = Math.min(BATCH, order.length - first);
        for (int i = 0; i < n; i++) {
          int sample = order[first + i];
          System.arraycopy(train.images(), sample * train.pixels(), x, i * train.pixels(), train.pixels());
          labels[i] = train.labels()[sample];
          ids[i] = sample;
        }
        epochStats = epochStats.plus(engine.gradient(grad, params, x, labels, ids, n, SEED, step++));
        float scale = 1f / n; // the optimiser takes the mean gradient
        for (int i = 0; i < grad.length; i++) {
          grad[i] *= scale;
        }
        sgd.update(params, grad, LR);
      }
      System.out.printf("epoch %d: train loss %.4f, train accuracy %.4f%n",
          epoch + 1, epochStats.meanLoss(), epochStats.accuracy());
    }
    BatchStats result = BatchStats.ZERO;
    GradientEngine evaluator = new GradientEngine(network, 1000);
    float[] chunk = new float[1000 * test.pixels()];
    int[] chunkLabels = new int[1000];
    for (int first = 0; first < test.count(); first += 1000) {
      int n = Math.min(1000, test.count() - first);
      System.arraycopy(test.images(), first * test.pixels(), chunk, 0, n * test.pixels());
      System.arraycopy(test.labels(), first, chunkLabels, 0, n);
      result = result.plus(evaluator.evaluate(params, chunk, chunkLabels, n));
    }
    System.out.printf("MNIST %d train / %d test, %d steps in %.1f s: test loss %.4f, test accuracy %.4f,"
            + " weights %s%n", train.count(), test.count(), step, (System.nanoTime() - start) / 1e9,
        result.meanLoss(), result.accuracy(), Fingerprint.sha256(params));
    assertTrue(result.accuracy() > 0.90, "test accuracy " + result.accuracy() + " (PyTorch: 0.913)");
  }
}
