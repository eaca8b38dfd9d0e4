package org.actorgrad.kernel.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.actorgrad.kernel.Activation;
import org.actorgrad.kernel.Dense;
import org.actorgrad.kernel.DenseWorkspace;
import org.actorgrad.kernel.Initializers;
import org.actorgrad.kernel.Losses;
import org.actorgrad.random.SeededRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One training step of the default network 784-128(relu)-10(softmax) on one thread, and the
 * first layer's GEMMs alone, the shapes where training spends its time. bench/jmh.sh runs it and
 * turns the times into GFLOP/s; the kernel path in use is printed at tear-down.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TrainingStepBenchmark {
  static final int IN = 784, HIDDEN = 128, CLASSES = 10;
  static final int W1 = 0, B1 = W1 + HIDDEN * IN, W2 = B1 + HIDDEN, B2 = W2 + CLASSES * HIDDEN;
  static final int PARAMS = B2 + CLASSES;
  static final float LEARNING_RATE = 0.1f;

  @Param({"32", "64"})
  public int batch;

  float[] params = new float[PARAMS];
  // The update goes here, not into params: training on one fixed batch would memorise it, the
  // gradients would turn subnormal and every step would slow down (3x after a few thousand steps).
  float[] updated = new float[PARAMS];
  float[] grad = new float[PARAMS];
  float[] x;       // (B, IN) pixels in [0, 1)
  int[] labels;    // (B)
  float[] z1, a1;  // (B, HIDDEN)
  float[] z2, probs, dz2; // (B, CLASSES)
  float[] da1, dz1; // (B, HIDDEN)
  DenseWorkspace workspace; // Dense.forward's packing buffer, as GradientEngine owns one

  @Setup(Level.Trial)
  public void setUp() {
    SeededRandom rng = new SeededRandom(2024);
    Initializers.initializeLayer(params, W1, B1, IN, HIDDEN, Activation.RELU, rng);
    Initializers.initializeLayer(params, W2, B2, HIDDEN, CLASSES, Activation.SOFTMAX, rng);
    x = new float[batch * IN];
    for (int k = 0; k < x.length; k++) {
      x[k] = rng.nextFloat();
    }
    labels = new int[batch];
    for (int b = 0; b < batch; b++) {
      labels[b] = rng.nextInt(CLASSES);
    }
    z1 = new float[batch * HIDDEN];
    a1 = new float[batch * HIDDEN];
    da1 = new float[batch * HIDDEN];
    dz1 = new float[batch * HIDDEN];
    z2 = new float[batch * CLASSES];
    probs = new float[batch * CLASSES];
    dz2 = new float[batch * CLASSES];
    workspace = new DenseWorkspace(batch, IN, HIDDEN);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.println("# kernel path: " + Dense.path() + ", java " + System.getProperty("java.version"));
  }

  /** Forward both layers, softmax cross-entropy, backward both layers, SGD update (same memory traffic as in place). */
  @Benchmark
  public double trainingStep() {
    Dense.forward(z1, x, params, W1, B1, batch, IN, HIDDEN, workspace);
    Activation.RELU.forward(a1, z1, batch, HIDDEN);
    Dense.forward(z2, a1, params, W2, B2, batch, HIDDEN, CLASSES, workspace);
    double loss = Losses.softmaxCrossEntropy(dz2, probs, z2, labels, batch, CLASSES);
    Arrays.fill(grad, 0f);
    Dense.backward(da1, grad, dz2, a1, params, W2, B2, batch, HIDDEN, CLASSES);
    Activation.RELU.backward(dz1, da1, z1, a1, batch, HIDDEN);
    Dense.backward(null, grad, dz1, x, params, W1, B1, batch, IN, HIDDEN);
    float scale = LEARNING_RATE / batch;
    for (int k = 0; k < PARAMS; k++) {
      updated[k] = params[k] - scale * grad[k];
    }
    return loss;
  }

  /** z1 (B, 128) = x (B, 784) · W1ᵀ + b1 alone. */
  @Benchmark
  public float[] forwardGemm() {
    Dense.forward(z1, x, params, W1, B1, batch, IN, HIDDEN, workspace);
    return z1;
  }

  /** dW1 += dz1ᵀ · x and dx (B, 784) = dz1 · W1: the first layer's backward with dx. */
  @Benchmark
  public float[] backwardGemm() {
    Dense.backward(dxScratch(), grad, z1, x, params, W1, B1, batch, IN, HIDDEN);
    return grad;
  }

  /** dW1 += dz1ᵀ · x alone (and db1): the first layer's backward as training runs it, without dx. */
  @Benchmark
  public float[] weightGradGemm() {
    Dense.backward(null, grad, z1, x, params, W1, B1, batch, IN, HIDDEN);
    return grad;
  }

  private float[] dx;

  private float[] dxScratch() {
    if (dx == null) {
      dx = new float[batch * IN];
    }
    return dx;
  }
}
