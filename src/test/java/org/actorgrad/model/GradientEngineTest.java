package org.actorgrad.model;

import static org.actorgrad.testing.FloatBits.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GradientEngineTest {
  private static final int INPUTS = 10;

  private static float[] randomInputs(long seed, int n) {
    SeededRandom rng = new SeededRandom(seed);
    float[] x = new float[n * INPUTS]; // (n, INPUTS)
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextFloat();
    }
    return x;
  }

  private static int[] labels(int n, int offset) {
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (i + offset) % 3;
    }
    return labels;
  }

  private static int[] ids(int n, int first) {
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = first + i;
    }
    return ids;
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "16:relu:dropout=0.25,8:tanh,3:softmax/ce", "12:sigmoid,7:leaky_relu:dropout=0.5,3:linear/mse"})
  void sameInputsGiveBitIdenticalResultsWhateverWasComputedBefore(String layersAndLoss) {
    String[] parts = layersAndLoss.split("/");
    Network network = new Network(NetworkSpec.parse(INPUTS, 3, parts[0], parts[1]));
    float[] params = network.initialParameters(9);
    float[] xa = randomInputs(1, 5);
    float[] xb = randomInputs(2, 8);
    GradientEngine engine = new GradientEngine(network, 8);

    float[] first = new float[params.length];
    BatchStats firstStats = engine.gradient(first, params, xa, labels(5, 0), ids(5, 100), 5, 3, 11);
    // Dirty every scratch buffer with a larger batch, other data and another step...
    float[] other = new float[params.length];
    engine.gradient(other, params, xb, labels(8, 1), ids(8, 200), 8, 4, 12);
    engine.evaluate(params, xb, labels(8, 2), 8);
    engine.predict(new float[8 * 3], params, xb, 8);
    // ...and start from a gradient array full of garbage: it must be overwritten.
    float[] again = new float[params.length];
    Arrays.fill(again, Float.NaN);
    BatchStats againStats = engine.gradient(again, params, xa, labels(5, 0), ids(5, 100), 5, 3, 11);
    assertBitIdentical(first, again);
    assertEquals(firstStats, againStats);

    float[] fresh = new float[params.length];
    BatchStats freshStats = new GradientEngine(network, 64)
        .gradient(fresh, params, xa, labels(5, 0), ids(5, 100), 5, 3, 11);
    assertBitIdentical(first, fresh);
    assertEquals(firstStats, freshStats);
  }

  @Test
  void dropoutMasksDependOnSampleIdNotOnBatchChunk() {
    Network network = new Network(NetworkSpec.parse(INPUTS, 3, "32:relu:dropout=0.5,3:softmax", "ce"));
    float[] params = network.initialParameters(5);
    float[] x = randomInputs(3, 6);
    int[] labels = labels(6, 0);
    int[] ids = ids(6, 1000);
    GradientEngine engine = new GradientEngine(network, 6);
    float[] whole = new float[params.length];
    BatchStats all = engine.gradient(whole, params, x, labels, ids, 6, 77, 4);

    float[] part = new float[params.length];
    float[] sum = new float[params.length];
    BatchStats chunks = BatchStats.ZERO;
    for (int start = 0; start < 6; start += 3) {
      chunks = chunks.plus(engine.gradient(part, params, Arrays.copyOfRange(x, start * INPUTS, (start + 3) * INPUTS),
          Arrays.copyOfRange(labels, start, start + 3), Arrays.copyOfRange(ids, start, start + 3), 3, 77, 4));
      for (int i = 0; i < sum.length; i++) {
        sum[i] += part[i];
      }
    }
    // Same masks, so equal up to the order of float additions (a different mask would change
    // the loss by far more).
    assertEquals(all.lossSum(), chunks.lossSum(), 1e-5 * Math.abs(all.lossSum()));
    assertEquals(all.correct(), chunks.correct());
    assertEquals(6, chunks.count());
    for (int i = 0; i < sum.length; i++) {
      assertEquals(whole[i], sum[i], 1e-5f, "parameter " + i);
    }
    // Another step draws other masks.
    double otherStep = engine.gradient(part, params, x, labels, ids, 6, 77, 5).lossSum();
    assertNotEquals(all.lossSum(), otherStep);
  }

  @Test
  void evaluateUsesNoDropoutAndMatchesTrainingLossWithoutDropout() {
    Network plain = new Network(NetworkSpec.parse(INPUTS, 3, "16:tanh,3:softmax", "ce"));
    float[] params = plain.initialParameters(2);
    float[] x = randomInputs(4, 7);
    GradientEngine engine = new GradientEngine(plain, 7);
    BatchStats train = engine.gradient(new float[params.length], params, x, labels(7, 0), ids(7, 0), 7, 1, 1);
    BatchStats eval = engine.evaluate(params, x, labels(7, 0), 7);
    assertEquals(train, eval);

    Network dropped = new Network(NetworkSpec.parse(INPUTS, 3, "16:tanh:dropout=0.5,3:softmax", "ce"));
    GradientEngine dropEngine = new GradientEngine(dropped, 7);
    assertEquals(eval, dropEngine.evaluate(params, x, labels(7, 0), 7), "same parameters, no dropout");
  }

  @Test
  void predictGivesProbabilitiesAndTiesGoToTheFirstClass() {
    Network network = new Network(NetworkSpec.parse(INPUTS, 3, "4:relu,3:softmax", "ce"));
    float[] zeros = new float[network.parameterCount()]; // every output equal: a three-way tie
    float[] x = randomInputs(5, 4);
    float[] out = new float[4 * 3];
    new GradientEngine(network, 4).predict(out, zeros, x, 4);
    for (float p : out) {
      assertEquals(1f / 3, p, 1e-6f);
    }
    BatchStats stats = new GradientEngine(network, 4).evaluate(zeros, x, new int[] {0, 1, 2, 0}, 4);
    assertEquals(2, stats.correct(), "argmax of a tie is class 0");
    assertEquals(4 * Math.log(3), stats.lossSum(), 1e-5);
  }

  @Test
  void emptyBatchGivesZeroGradient() {
    Network network = new Network(NetworkSpec.parse(INPUTS, 3, "4:relu,3:softmax", "ce"));
    float[] grad = new float[network.parameterCount()];
    Arrays.fill(grad, 1f);
    BatchStats stats = new GradientEngine(network, 4)
        .gradient(grad, network.initialParameters(1), new float[0], new int[0], new int[0], 0, 1, 1);
    assertEquals(BatchStats.ZERO, stats);
    assertArrayEquals(new float[grad.length], grad);
  }

  @Test
  void rejectsBadArguments() {
    Network network = new Network(NetworkSpec.parse(INPUTS, 3, "4:relu,3:softmax", "ce"));
    GradientEngine engine = new GradientEngine(network, 4);
    float[] params = network.initialParameters(1);
    float[] grad = new float[params.length];
    float[] x = randomInputs(1, 4);
    IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
        () -> engine.gradient(grad, params, x, labels(5, 0), ids(5, 0), 5, 1, 1));
    assertEquals("batch size must be in [0, 4], found 5", big.getMessage());
    IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
        () -> engine.evaluate(params, x, new int[] {0, 3, 0, 0}, 4));
    assertEquals("label of sample 1 must be in [0, 3), found 3", label.getMessage());
    IllegalArgumentException shortX = assertThrows(IllegalArgumentException.class,
        () -> engine.evaluate(params, new float[39], labels(4, 0), 4));
    assertEquals("expected at least 4 x 10 = 40 input floats, found 39", shortX.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> engine.gradient(new float[3], params, x, labels(4, 0), ids(4, 0), 4, 1, 1));
    assertThrows(IllegalArgumentException.class,
        () -> engine.gradient(grad, params, x, labels(4, 0), ids(3, 0), 4, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new GradientEngine(network, 0));
  }
}
