package org.actorgrad.optim;

import static org.actorgrad.testing.FloatBits.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A table of optimiser cases: each runs a few steps on a small array and compares with values
 * computed by hand, or by an independent double-precision reference written from the papers'
 * / PyTorch's formulas ({@link #reference}), each case with its own tolerance.
 */
class OptimizerTest {
  /** {@code grads[s]} and {@code lrs[s]} drive step s; {@code expected} is after the last step. */
  record Case(
      String name, String spec, float[] start, float[][] grads, float[] lrs, double[] expected,
      double tolerance) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> handComputed() {
    float[][] halfAndQuarter = {{0.5f, 0.25f}};
    return Stream.of(
        new Case("sgd one step: p - lr g", "sgd", f(1, -2), halfAndQuarter, f(0.1f),
            d(0.95, -2.025), 1e-7),
        new Case("sgd weight decay: g + wd p", "sgd:weight_decay=0.1", f(1, -2), halfAndQuarter,
            f(0.1f), d(0.94, -2.005), 1e-7),
        new Case("momentum: buf = g, then 0.9 buf + g", "momentum", f(1), new float[][] {{1}, {1}},
            f(0.1f, 0.1f), d(0.71), 1e-7),
        new Case("nesterov: g + 0.9 buf", "nesterov", f(1), new float[][] {{1}, {1}},
            f(0.1f, 0.1f), d(0.539), 1e-7),
        new Case("momentum 0.5 with a changing gradient", "momentum:momentum=0.5", f(0),
            new float[][] {{2}, {-1}, {4}}, f(1, 1, 1), d(-2 - 0 - 4.0), 1e-6),
        // Adam's first steps with a constant gradient move each weight by lr * sign(g).
        new Case("adam constant gradient: lr sign(g) per step", "adam", f(1, -1),
            new float[][] {{0.5f, -2}, {0.5f, -2}}, f(0.01f, 0.01f), d(0.98, -0.98), 1e-6),
        // RMSprop's first step: s = 0.01 g², so the step is lr g / (0.1 |g|) = 10 lr sign(g).
        new Case("rmsprop first step: 10 lr sign(g)", "rmsprop", f(1, 1), new float[][] {{0.5f, -3}},
            f(0.01f), d(0.9, 1.1), 1e-6),
        // Second step: s = 0.99*0.0025 + 0.01*0.25 = 0.004975; 0.9 - 0.01*0.5/sqrt(0.004975).
        new Case("rmsprop second step", "rmsprop", f(1), new float[][] {{0.5f}, {0.5f}},
            f(0.01f, 0.01f), d(0.9 - 0.005 / Math.sqrt(0.004975)), 1e-6),
        // A large eps shows where it sits: outside the root, 0.01 / (sqrt(1e-4) + 0.1) = 1/11;
        // inside it would give 0.01 / sqrt(1e-4 + 0.1) = 0.0316.
        new Case("adam eps outside the square root", "adam:eps=0.1", f(1), new float[][] {{0.01f}},
            f(1), d(1 - 1 / 11.0), 1e-6),
        // s = 0.01 * 1e-4, sqrt(s) = 1e-3: 1 - 0.01 / (0.001 + 0.1).
        new Case("rmsprop eps outside the square root", "rmsprop:eps=0.1", f(1),
            new float[][] {{0.01f}}, f(1), d(1 - 0.01 / 0.101), 1e-6));
  }

  static Stream<Case> againstReference() {
    List<Case> cases = new ArrayList<>();
    String[] specs = {
      "sgd", "sgd:weight_decay=0.01", "momentum", "momentum:momentum=0.99,weight_decay=0.001",
      "nesterov", "nesterov:momentum=0.8,weight_decay=0.05", "adam",
      "adam:beta1=0.8,beta2=0.95,eps=1e-6,weight_decay=0.01", "rmsprop",
      "rmsprop:alpha=0.9,eps=1e-4,weight_decay=0.02"
    };
    long seed = 11;
    for (String spec : specs) {
      SeededRandom rng = new SeededRandom(seed++);
      int size = 9;
      int steps = 6;
      float[] start = new float[size];
      for (int i = 0; i < size; i++) {
        start[i] = (float) rng.nextGaussian();
      }
      float[][] grads = new float[steps][size];
      float[] lrs = new float[steps];
      for (int s = 0; s < steps; s++) {
        for (int i = 0; i < size; i++) {
          grads[s][i] = (float) (rng.nextGaussian() * 0.5);
        }
        lrs[s] = 0.01f * (1 + s % 3); // changing lr, as a schedule would
      }
      // Float rounding over six steps stays near 1e-6 relative; adaptive methods divide by
      // small roots, so they get a little more room.
      double tolerance = spec.startsWith("adam") || spec.startsWith("rmsprop") ? 2e-5 : 2e-6;
      cases.add(new Case(spec + " vs double reference", spec, start, grads, lrs,
          reference(OptimizerSpec.parse(spec), start, grads, lrs), tolerance));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"handComputed", "againstReference"})
  void matchesExpectedValues(Case c) {
    Optimizer optimizer = OptimizerSpec.parse(c.spec()).create(c.start().length);
    float[] params = c.start().clone();
    for (int s = 0; s < c.grads().length; s++) {
      optimizer.update(params, c.grads()[s], c.lrs()[s]);
    }
    assertEquals(c.grads().length, optimizer.steps());
    for (int i = 0; i < params.length; i++) {
      double want = c.expected()[i];
      assertEquals(want, params[i], c.tolerance() * Math.max(1, Math.abs(want)),
          c.name() + ": parameter " + i);
    }
  }

  /** PyTorch's update rules in double, written independently of the float implementations. */
  static double[] reference(OptimizerSpec spec, float[] start, float[][] grads, float[] lrs) {
    int n = start.length;
    double[] p = new double[n];
    double[] a = new double[n]; // velocity, m or square average
    double[] b = new double[n]; // v
    for (int i = 0; i < n; i++) {
      p[i] = start[i];
    }
    for (int s = 0; s < grads.length; s++) {
      int t = s + 1;
      double lr = lrs[s];
      for (int i = 0; i < n; i++) {
        double g = grads[s][i] + (double) spec.weightDecay() * p[i];
        switch (spec.kind()) {
          case SGD -> p[i] -= lr * g;
          case MOMENTUM -> {
            a[i] = t == 1 ? g : spec.momentum() * a[i] + g;
            p[i] -= lr * (spec.nesterov() ? g + spec.momentum() * a[i] : a[i]);
          }
          case ADAM -> {
            a[i] = spec.beta1() * a[i] + (1 - (double) spec.beta1()) * g;
            b[i] = spec.beta2() * b[i] + (1 - (double) spec.beta2()) * g * g;
            double mHat = a[i] / (1 - Math.pow(spec.beta1(), t));
            double vHat = b[i] / (1 - Math.pow(spec.beta2(), t));
            p[i] -= lr * mHat / (Math.sqrt(vHat) + spec.eps());
          }
          case RMSPROP -> {
            a[i] = spec.alpha() * a[i] + (1 - (double) spec.alpha()) * g * g;
            p[i] -= lr * g / (Math.sqrt(a[i]) + spec.eps());
          }
        }
      }
    }
    return p;
  }

  @Test
  void weightDecayPullsTowardsZeroWithoutAGradient() {
    for (String spec : new String[] {"sgd", "momentum", "adam", "rmsprop"}) {
      Optimizer o = OptimizerSpec.parse(spec + ":weight_decay=0.1").create(2);
      float[] p = {2f, -3f};
      o.update(p, new float[2], 0.01f);
      assertTrue(p[0] < 2f && p[0] > 0f && p[1] > -3f && p[1] < 0f, spec + ": " + p[0] + ", " + p[1]);
    }
  }

  @Test
  void gradientIsOnlyRead() {
    float[] grad = {0.5f, -1f};
    OptimizerSpec.parse("adam:weight_decay=0.1").create(2).update(new float[] {1, 2}, grad, 0.1f);
    assertArrayEquals(new float[] {0.5f, -1f}, grad);
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void restoredStateContinuesBitIdentically(String spec) {
    int n = 17;
    SeededRandom rng = new SeededRandom(5);
    float[][] grads = new float[8][n];
    for (float[] g : grads) {
      for (int i = 0; i < n; i++) {
        g[i] = (float) rng.nextGaussian();
      }
    }
    float[] p = new float[n];
    Optimizer original = OptimizerSpec.parse(spec).create(n);
    for (int s = 0; s < 4; s++) {
      original.update(p, grads[s], 0.05f);
    }
    // What a checkpoint keeps: the parameters, the step count and copies of the state arrays.
    float[] savedParams = p.clone();
    Map<String, float[]> saved = new LinkedHashMap<>();
    original.state().forEach((k, v) -> saved.put(k, v.clone()));

    Optimizer resumed = OptimizerSpec.parse(spec).create(n);
    resumed.restore(original.steps(), saved);
    assertEquals(4, resumed.steps());
    for (int s = 4; s < 8; s++) {
      original.update(p, grads[s], 0.05f);
      resumed.update(savedParams, grads[s], 0.05f);
    }
    assertBitIdentical(p, savedParams);
    for (String name : original.state().keySet()) {
      assertBitIdentical(original.state().get(name), resumed.state().get(name));
    }
  }

  /**
   * The update written into another array gives the bits of a copy and an in-place update, and
   * the same state, for every optimiser (weight decay on, to read params twice), over several
   * steps, at parameter counts that are not multiples of a vector's lanes.
   */
  @ParameterizedTest
  @MethodSource("kindsWithDecay")
  void updateIntoAnotherArrayEqualsCopyThenInPlace(String spec) {
    for (int n : new int[] {1, 7, 17, 1003}) {
      SeededRandom rng = new SeededRandom(n);
      float[] inPlace = new float[n];
      for (int i = 0; i < n; i++) {
        inPlace[i] = (float) rng.nextGaussian();
      }
      float[] current = inPlace.clone();
      float[] other = new float[n];
      Optimizer copying = OptimizerSpec.parse(spec).create(n);
      Optimizer writing = OptimizerSpec.parse(spec).create(n);
      for (int s = 0; s < 5; s++) {
        float[] grad = new float[n];
        for (int i = 0; i < n; i++) {
          grad[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(7) - 3));
        }
        float[] before = current.clone();
        copying.update(inPlace, grad, 0.01f);
        writing.update(other, current, grad, 0.01f);
        assertBitIdentical(before, current, spec + ": params are only read");
        float[] swap = current;
        current = other;
        other = swap;
        assertBitIdentical(inPlace, current, spec + " n=" + n + " step " + s);
      }
      for (String name : copying.state().keySet()) {
        assertBitIdentical(copying.state().get(name), writing.state().get(name), spec + " " + name);
      }
      assertEquals(copying.steps(), writing.steps());
    }
  }

  static Stream<String> kindsWithDecay() {
    return kinds().flatMap(k -> Stream.of(k, k + ":weight_decay=0.01"));
  }

  static Stream<String> kinds() {
    return Stream.of("sgd", "momentum", "nesterov", "adam", "rmsprop");
  }

  @Test
  void stateHasNamedArraysOfParameterLength() {
    assertEquals(List.of(), List.copyOf(OptimizerSpec.parse("sgd").create(3).state().keySet()));
    assertEquals(List.of("velocity"), List.copyOf(OptimizerSpec.parse("nesterov").create(3).state().keySet()));
    assertEquals(List.of("m", "v"), List.copyOf(OptimizerSpec.parse("adam").create(3).state().keySet()));
    assertEquals(List.of("square_avg"), List.copyOf(OptimizerSpec.parse("rmsprop").create(3).state().keySet()));
    assertEquals(3, OptimizerSpec.parse("adam").create(3).state().get("v").length);
  }

  @Test
  void restoreRejectsWrongNamesAndLengths() {
    Optimizer adam = OptimizerSpec.parse("adam").create(3);
    IllegalArgumentException names = assertThrows(IllegalArgumentException.class,
        () -> adam.restore(1, Map.of("velocity", new float[3])));
    assertTrue(names.getMessage().contains("expected optimizer state [m, v]"), names.getMessage());
    Map<String, float[]> shortV = new LinkedHashMap<>();
    shortV.put("m", new float[] {1, 1, 1});
    shortV.put("v", new float[2]);
    IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
        () -> adam.restore(1, shortV));
    assertEquals("expected optimizer state 'v' of 3 floats, found 2", length.getMessage());
    assertEquals(0f, adam.state().get("m")[0], "a rejected restore changes nothing");
    assertThrows(IllegalArgumentException.class, () -> adam.restore(-1, Map.of()));
  }

  @Test
  void updateRejectsMismatchedArrays() {
    Optimizer sgd = OptimizerSpec.parse("sgd").create(3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> sgd.update(new float[3], new float[4], 0.1f));
    assertEquals("expected a gradient of 3 floats, found 4", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> sgd.update(new float[2], new float[3], 0.1f));
    assertThrows(IllegalArgumentException.class, () -> sgd.update(new float[3], new float[3], Float.NaN));
    IllegalArgumentException out = assertThrows(IllegalArgumentException.class,
        () -> sgd.update(new float[2], new float[3], new float[3], 0.1f));
    assertEquals("expected an output of 3 parameters, found 2", out.getMessage());
  }

  private static float[] f(float... v) {
    return v;
  }

  private static double[] d(double... v) {
    return v;
  }
}
