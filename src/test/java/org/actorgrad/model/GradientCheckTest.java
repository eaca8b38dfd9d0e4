package org.actorgrad.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.actorgrad.kernel.Activation;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link GradientEngine#gradient} against central finite differences of the loss sum, for every
 * weight and bias of every layer. Parameters are perturbed in float by EPS (the difference
 * actually taken is {@code (p + EPS) - (p - EPS)} after rounding); the loss sum is accumulated in
 * double. Tolerance: {@code |analytic - numeric| <= ABS + REL * max(|analytic|, |numeric|)}: with
 * EPS = 1e-2 the truncation error is O(EPS²) ~ 1e-4 and float rounding of a loss sum of ~10
 * contributes ~10 * 6e-8 / 2e-2 ~ 3e-5.
 *
 * <p>Where an activation has a kink (relu, leaky_relu, step at 0), the biases are moved so that no
 * pre-activation of the batch lies within a few EPS of it, since a difference across the kink
 * says nothing about the derivative.
 */
class GradientCheckTest {
  private static final float EPS = 1e-2f;
  private static final double ABS = 1e-3;
  private static final double REL = 1e-2;
  private static final int INPUTS = 5;
  private static final int HIDDEN = 4;
  private static final int CLASSES = 3;
  private static final int BATCH = 3;

  static Stream<Activation> hiddenActivations() {
    return Arrays.stream(Activation.values()).filter(a -> a != Activation.SOFTMAX);
  }

  @ParameterizedTest
  @MethodSource("hiddenActivations")
  void hiddenActivationWithSoftmaxCrossEntropy(Activation hidden) {
    Problem p = new Problem(NetworkSpec.parse(INPUTS, CLASSES, HIDDEN + ":" + hidden.id() + ",3:softmax", "ce"), 1);
    if (isKinked(hidden)) {
      p.moveKinksAway(0, p.x, INPUTS, 3 * EPS);
    }
    p.check();
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void outputActivationWithMeanSquaredError(Activation output) {
    Problem p = new Problem(NetworkSpec.parse(INPUTS, CLASSES, HIDDEN + ":tanh,3:" + output.id(), "mse"), 2);
    if (isKinked(output)) {
      // The output pre-activations move with layer 2's own parameters (by EPS * (1 + sum |a1|))
      // and, through tanh (slope <= 1, inputs in [-1, 1]), with layer 1's (by EPS * sum |W2|).
      double[] a1 = p.hiddenTanh();
      double worst = 0;
      for (int i = 0; i < BATCH; i++) {
        double sumA = 0;
        for (int j = 0; j < HIDDEN; j++) {
          sumA += Math.abs(a1[i * HIDDEN + j]);
        }
        worst = Math.max(worst, sumA);
      }
      int w2 = p.network.layout().weightOffset(1);
      double worstW = 0;
      for (int k = 0; k < CLASSES; k++) {
        double sumW = 0;
        for (int j = 0; j < HIDDEN; j++) {
          sumW += Math.abs(p.params[w2 + k * HIDDEN + j]);
        }
        worstW = Math.max(worstW, sumW);
      }
      p.moveKinksAway(1, a1, HIDDEN, 2 * EPS * (1 + worst + worstW));
    }
    p.check();
  }

  @Test
  void deepNetworkWithDropout() {
    // The loss of gradient() includes dropout with masks fixed by (seed, step, sample), so the
    // finite differences see the same masks as the analytic gradient.
    Problem p = new Problem(NetworkSpec.parse(INPUTS, CLASSES,
        "6:relu:dropout=0.3,5:sigmoid:dropout=0.5,3:softmax", "ce"), 3);
    p.moveKinksAway(0, p.x, INPUTS, 3 * EPS);
    p.check();
  }

  @Test
  void deepNetworkWithMeanSquaredError() {
    Problem p = new Problem(NetworkSpec.parse(INPUTS, CLASSES, "6:leaky_relu,5:tanh:dropout=0.2,3:linear", "mse"), 4);
    p.moveKinksAway(0, p.x, INPUTS, 3 * EPS);
    p.check();
  }

  private static boolean isKinked(Activation a) {
    return a == Activation.RELU || a == Activation.LEAKY_RELU || a == Activation.STEP;
  }

  /** A small network, random parameters (biases too) and a batch of inputs in [-1, 1]. */
  private static final class Problem {
    final Network network;
    final float[] params;
    final float[] x = new float[BATCH * INPUTS]; // (B, IN)
    final int[] labels = {2, 0, 1};
    final int[] sampleIds = {40, 41, 42};
    final long seed;

    Problem(NetworkSpec spec, long seed) {
      this.network = new Network(spec);
      this.seed = seed;
      this.params = network.initialParameters(seed);
      SeededRandom rng = new SeededRandom(seed + 100);
      for (int l = 0; l < network.layout().layerCount(); l++) {
        int b = network.layout().biasOffset(l);
        for (int k = 0; k < spec.layers().get(l).size(); k++) {
          params[b + k] = (float) (0.1 * rng.nextGaussian());
        }
      }
      for (int i = 0; i < x.length; i++) {
        x[i] = 2 * rng.nextFloat() - 1;
      }
    }

    /** tanh of the first layer's pre-activations, in double, (B, HIDDEN). */
    double[] hiddenTanh() {
      double[] a = new double[BATCH * HIDDEN];
      int w = network.layout().weightOffset(0);
      int b = network.layout().biasOffset(0);
      for (int i = 0; i < BATCH; i++) {
        for (int k = 0; k < HIDDEN; k++) {
          double z = params[b + k];
          for (int j = 0; j < INPUTS; j++) {
            z += (double) params[w + k * INPUTS + j] * x[i * INPUTS + j];
          }
          a[i * HIDDEN + k] = StrictMath.tanh(z);
        }
      }
      return a;
    }

    void moveKinksAway(int layer, float[] in, int width, double margin) {
      double[] d = new double[in.length];
      for (int i = 0; i < in.length; i++) {
        d[i] = in[i];
      }
      moveKinksAway(layer, d, width, margin);
    }

    /** Picks each unit's bias so that every pre-activation of the batch is at least margin from 0. */
    void moveKinksAway(int layer, double[] in, int width, double margin) {
      int w = network.layout().weightOffset(layer);
      int b = network.layout().biasOffset(layer);
      int out = network.spec().layers().get(layer).size();
      for (int k = 0; k < out; k++) {
        double bestBias = 0;
        double bestGap = -1;
        for (int c = -50; c <= 50; c++) {
          double bias = c * 0.02;
          double gap = Double.MAX_VALUE;
          for (int i = 0; i < BATCH; i++) {
            double z = bias;
            for (int j = 0; j < width; j++) {
              z += (double) params[w + k * width + j] * in[i * width + j];
            }
            gap = Math.min(gap, Math.abs(z));
          }
          if (gap > bestGap) {
            bestGap = gap;
            bestBias = bias;
          }
        }
        assertTrue(bestGap >= margin, "cannot keep unit " + k + " of layer " + (layer + 1)
            + " " + margin + " away from the kink; best " + bestGap);
        params[b + k] = (float) bestBias;
      }
    }

    void check() {
      GradientEngine engine = new GradientEngine(network, BATCH);
      float[] grad = new float[params.length];
      engine.gradient(grad, params, x, labels, sampleIds, BATCH, seed, 7);
      float[] scratch = new float[params.length];
      boolean blocked = false; // a step layer at or above: no gradient reaches this layer
      double worst = 0;
      for (int l = network.layout().layerCount() - 1; l >= 0; l--) {
        blocked |= network.spec().layers().get(l).activation().blocksGradient();
        for (String name : new String[] {
            ParameterLayout.weightName(l + 1), ParameterLayout.biasName(l + 1)}) {
          ParameterLayout.Tensor t = network.layout().tensor(name);
          boolean anyNonZero = false;
          for (int i = t.offset(); i < t.offset() + t.length(); i++) {
            double numeric = CentralDifference.of(engine, params, i, EPS, scratch, x, labels, sampleIds, BATCH, seed);
            double error = Math.abs(grad[i] - numeric);
            double allowed = ABS + REL * Math.max(Math.abs(grad[i]), Math.abs(numeric));
            assertTrue(error <= allowed, network.spec() + ": " + name + "[" + (i - t.offset())
                + "] analytic " + grad[i] + ", numeric " + numeric);
            worst = Math.max(worst, error);
            anyNonZero |= grad[i] != 0f;
          }
          if (blocked) {
            assertTrue(!anyNonZero, name + " lies below a step layer, so its gradient must be 0");
          } else {
            assertTrue(anyNonZero, name + " has an all-zero gradient: the check would prove nothing");
          }
        }
      }
      assertEquals(params.length, grad.length);
      System.out.printf("gradient check %s: max |analytic - numeric| = %.2e%n", network.spec(), worst);
    }
  }
}
