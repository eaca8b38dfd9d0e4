package org.actorgrad.kernel.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.actorgrad.kernel.Activation;
import org.actorgrad.kernel.Conv2d;
import org.actorgrad.kernel.Conv2dShape;
import org.actorgrad.kernel.Conv2dWorkspace;
import org.actorgrad.kernel.Dense;
import org.actorgrad.kernel.DenseWorkspace;
import org.actorgrad.kernel.Im2col;
import org.actorgrad.kernel.MaxPool2d;
import org.actorgrad.kernel.Pool2dShape;
import org.actorgrad.model.FeatureShape;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.random.SeededRandom;

/**
 * Where a CNN step's time goes, by the thread's CPU time (robust to other processes' load): the
 * issue's MNIST CNN at batch 64, a whole gradient step and each of its kernels, median of 7 rounds
 * after 3 warm-up rounds. Run by bench/cnn-cputime.sh; never part of the tests.
 */
public final class CnnCpuTimeRun {
  static final String LAYERS = "conv:32:3x3:relu,maxpool:2x2,conv:64:3x3:relu,maxpool:2x2,128:relu,10:softmax";
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  private CnnCpuTimeRun() {}

  /** Arguments: [batch=64] (a worker's share of a step: 32 at --workers 2). */
  public static void main(String[] args) {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    System.out.println("# kernel path: " + Dense.path() + ", java " + System.getProperty("java.version")
        + ", batch " + batch + ", " + LAYERS);
    Network network = new Network(NetworkSpec.parse(new FeatureShape(1, 28, 28), 10, LAYERS, "ce"));
    GradientEngine engine = new GradientEngine(network, batch);
    SeededRandom rng = new SeededRandom(1);
    float[] params = network.initialParameters(7);
    float[] grad = new float[params.length];
    float[] x = new float[batch * 784];
    for (int k = 0; k < x.length; k++) {
      x[k] = rng.nextFloat() < 0.8f ? 0f : rng.nextFloat(); // MNIST-like: mostly background
    }
    int[] labels = new int[batch];
    int[] ids = new int[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = i % 10;
      ids[i] = i;
    }
    report("gradient step (forward + backward)", median(10, () -> engine.gradient(grad, params, x, labels, ids, batch, 1L, 1L)));
    report("forward only (evaluate)", median(10, () -> engine.evaluate(params, x, labels, batch)));

    Conv2dShape c1 = network.conv2dShape(0), c2 = network.conv2dShape(2);
    Pool2dShape p1 = network.pool2dShape(1);
    Conv2dWorkspace ws = new Conv2dWorkspace(c1, c2);
    float[] z1 = new float[batch * c1.outputSize()], a1 = new float[z1.length];
    float[] pooled = new float[batch * p1.outputSize()];
    int[] argmax = new int[pooled.length];
    float[] z2 = new float[batch * c2.outputSize()];
    float[] dx2 = new float[batch * c2.inputSize()];
    float[] g = new float[params.length];
    int w0 = network.layout().weightOffset(0), b0 = network.layout().biasOffset(0);
    int w2 = network.layout().weightOffset(2), b2 = network.layout().biasOffset(2);
    Conv2d.forward(z1, x, params, w0, b0, c1, batch, ws);
    Activation.RELU.forward(a1, z1, batch, c1.outputSize());
    MaxPool2d.forward(pooled, argmax, a1, p1, batch);
    Conv2d.forward(z2, pooled, params, w2, b2, c2, batch, ws);
    report("conv1 forward", median(20, () -> Conv2d.forward(z1, x, params, w0, b0, c1, batch, ws)));
    report("conv1 backward (dW, db)", median(20, () -> Conv2d.backward(null, g, z1, x, params, w0, b0, c1, batch, ws)));
    report("relu forward, conv1's output", median(20, () -> Activation.RELU.forward(a1, z1, batch, c1.outputSize())));
    report("relu backward, conv1's output", median(20, () -> Activation.RELU.backward(a1, a1, z1, a1, batch, c1.outputSize())));
    report("maxpool1 forward", median(20, () -> MaxPool2d.forward(pooled, argmax, a1, p1, batch)));
    report("maxpool1 backward", median(20, () -> MaxPool2d.backward(a1, pooled, argmax, p1, batch)));
    report("conv2 forward", median(20, () -> Conv2d.forward(z2, pooled, params, w2, b2, c2, batch, ws)));
    if (!Conv2d.usesWinograd(c2)) { // the lowering's two passes (Winograd's transforms are in its calls)
      float[] colsT = new float[288 * 128];
      report("conv2 im2col, x" + batch, median(20, () -> {
        for (int i = 0; i < batch; i++) {
          Im2col.transposed(colsT, 128, pooled, i * c2.inputSize(), c2);
        }
      }));
      report("conv2 col2im (scalar path), x" + batch, median(20, () -> {
        for (int i = 0; i < batch; i++) {
          Im2col.col2imTransposed(dx2, i * c2.inputSize(), colsT, 128, c2);
        }
      }));
    }
    report("conv2 backward (dW, db, dx)", median(20, () -> Conv2d.backward(dx2, g, z2, pooled, params, w2, b2, c2, batch, ws)));
    // The dense layers: 1600 -> 128 (most of the parameters) and 128 -> 10.
    int in4 = network.inputShape(4).size(), out4 = network.outputShape(4).size();
    int w4 = network.layout().weightOffset(4), b4 = network.layout().biasOffset(4);
    DenseWorkspace dws = new DenseWorkspace(batch, in4, out4);
    float[] flat = new float[batch * in4], z4 = new float[batch * out4], dflat = new float[flat.length];
    for (int k = 0; k < flat.length; k++) {
      flat[k] = rng.nextFloat();
    }
    for (int k = 0; k < z4.length; k++) {
      z4[k] = rng.nextFloat() - 0.5f;
    }
    report("dense 1600->128 forward", median(20, () -> Dense.forward(z4, flat, params, w4, b4, batch, in4, out4, dws)));
    report("dense 1600->128 backward (dW, db)", median(20, () -> Dense.backward(null, g, z4, flat, params, w4, b4, batch, in4, out4)));
    report("dense 1600->128 backward (dW, db, dx)", median(20, () -> Dense.backward(dflat, g, z4, flat, params, w4, b4, batch, in4, out4)));
  }

  private static void report(String what, double us) {
    System.out.printf("%-36s %9.1f us (cpu)%n", what, us);
  }

  /**
   * Median CPU microseconds per call over 7 rounds of {@code calls} calls, after 3 warm-up rounds
   * (the calling thread's CPU time). Also CnnProductsRun's.
   */
  public static double median(int calls, Runnable op) {
    double[] rounds = new double[7];
    for (int r = -3; r < rounds.length; r++) {
      long t0 = MX.getCurrentThreadCpuTime();
      for (int k = 0; k < calls; k++) {
        op.run();
      }
      long t1 = MX.getCurrentThreadCpuTime();
      if (r >= 0) {
        rounds[r] = (t1 - t0) / 1e3 / calls;
      }
    }
    java.util.Arrays.sort(rounds);
    return rounds[rounds.length / 2];
  }
}
