package org.actorgrad.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.actorgrad.optim.LearningRateSchedule;
import org.actorgrad.optim.Optimizer;
import org.actorgrad.optim.OptimizerSpec;
import org.actorgrad.random.SeededRandom;
import org.actorgrad.testing.FloatBits;
import org.junit.jupiter.api.Test;

/** Two runs of the same few training steps give bit-identical parameters. */
class DeterminismTest {
  private static final int INPUTS = 30;
  private static final int SAMPLES = 96;
  private static final int BATCH = 16;

  @Test
  void twoRunsGiveBitIdenticalParameters() {
    NetworkSpec spec = NetworkSpec.parse(INPUTS, 4, "24:relu:dropout=0.2,12:tanh,4:softmax", "ce");
    int[] first = FloatBits.raw(run(spec, "adam", 5));
    int[] second = FloatBits.raw(run(spec, "adam", 5));
    assertTrue(Arrays.equals(first, second), "parameters of two identical runs differ");
    assertFalse(Arrays.equals(first, FloatBits.raw(run(spec, "adam", 6))), "another seed must change them");
    NetworkSpec mse = NetworkSpec.parse(INPUTS, 4, "20:sigmoid,4:linear", "mse");
    assertTrue(Arrays.equals(FloatBits.raw(run(mse, "nesterov", 5)), FloatBits.raw(run(mse, "nesterov", 5))));
  }

  @Test
  void fingerprintOfARunIsStable() {
    NetworkSpec spec = NetworkSpec.parse(INPUTS, 4, "24:relu:dropout=0.2,12:tanh,4:softmax", "ce");
    assertEquals(Fingerprint.sha256(run(spec, "rmsprop", 3)), Fingerprint.sha256(run(spec, "rmsprop", 3)));
  }

  /** A few epochs of shuffled mini-batches over synthetic data; a fresh engine and optimiser each run. */
  private static float[] run(NetworkSpec spec, String optimizer, long seed) {
    SeededRandom data = new SeededRandom(99);
    float[] inputs = new float[SAMPLES * INPUTS]; // (N, INPUTS)
    int[] targets = new int[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      targets[i] = i % 4;
      for (int j = 0; j < INPUTS; j++) {
        inputs[i * INPUTS + j] = (float) data.nextGaussian() + (j % 4 == targets[i] ? 1f : 0f);
      }
    }
    Network network = new Network(spec);
    float[] params = network.initialParameters(seed);
    Optimizer opt = OptimizerSpec.parse(optimizer).create(network.parameterCount());
    LearningRateSchedule lr = LearningRateSchedule.parse("cosine,warmup=3", 0.01f, 18);
    GradientEngine engine = new GradientEngine(network, BATCH);
    float[] grad = new float[params.length];
    float[] x = new float[BATCH * INPUTS];
    int[] labels = new int[BATCH];
    int[] ids = new int[BATCH];
    int[] order = new int[SAMPLES];
    long step = 0;
    for (int epoch = 0; epoch < 3; epoch++) {
      for (int i = 0; i < SAMPLES; i++) {
        order[i] = i;
      }
      SeededRandom.derive(seed, epoch).shuffleInPlace(order);
      for (int b = 0; b < SAMPLES; b += BATCH) {
        for (int i = 0; i < BATCH; i++) {
          int s = order[b + i];
          System.arraycopy(inputs, s * INPUTS, x, i * INPUTS, INPUTS);
          labels[i] = targets[s];
          ids[i] = s;
        }
        engine.gradient(grad, params, x, labels, ids, BATCH, seed, step);
        for (int i = 0; i < grad.length; i++) {
          grad[i] /= BATCH;
        }
        opt.update(params, grad, lr.at(step));
        step++;
      }
    }
    return params;
  }
}
