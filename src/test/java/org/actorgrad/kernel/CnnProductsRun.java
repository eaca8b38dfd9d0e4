package org.actorgrad.kernel;

import static org.actorgrad.kernel.bench.CnnCpuTimeRun.median;

import org.actorgrad.model.FeatureShape;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.random.SeededRandom;

/**
 * The floor of a CNN step on this kernel: the issue-17 MNIST CNN's matrix products alone, each
 * with the shapes and calls Conv2d (or Winograd, for its second layer) and Dense make, beside a
 * whole gradient step; what the step
 * takes beyond their sum is the lowering, pooling, activations and copies. Thread CPU time
 * (robust to other processes' load), median of 7 rounds after 3 warm-up rounds; GFLOP/s counts an
 * fma as two. Run by bench/cnn-products.sh; never part of the tests.
 */
public final class CnnProductsRun {
  private static final String LAYERS = "conv:32:3x3:relu,maxpool:2x2,conv:64:3x3:relu,maxpool:2x2,128:relu,10:softmax";

  private CnnProductsRun() {}

  /** Arguments: [batch=64]. */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    System.out.println("# kernel path: " + Dense.path() + ", java " + System.getProperty("java.version")
        + ", batch " + n + ", " + LAYERS);
    SeededRandom rng = new SeededRandom(3);
    Network network = new Network(NetworkSpec.parse(new FeatureShape(1, 28, 28), 10, LAYERS, "ce"));
    GradientEngine engine = new GradientEngine(network, n);
    float[] params = network.initialParameters(7), grad = new float[params.length];
    float[] x = fill(rng, new float[n * 784]);
    int[] labels = new int[n], ids = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 10;
      ids[i] = i;
    }
    double step = median(10, () -> engine.gradient(grad, params, x, labels, ids, n, 1L, 1L));
    System.out.printf("%-44s %9.1f us%n", "gradient step (forward + backward)", step);

    Conv2dShape c1 = network.conv2dShape(0), c2 = network.conv2dShape(2);
    double sum = 0;
    sum += conv("conv1", c1, n, rng, false);
    sum += Winograd.applies(c2) ? winograd("conv2", c2, n, rng) : conv("conv2", c2, n, rng, true);
    // The dense layers (Dense's three products each; 128 -> 10 is small).
    sum += dense("dense 1600->128", n, 1600, 128, rng);
    sum += dense("dense 128->10", n, 128, 10, rng);
    System.out.printf("%-44s %9.1f us = %.0f%% of the step; the rest %.1f us%n", "all products", sum,
        100 * sum / step, step - sum);
  }

  /** A conv layer's three products per sample (forward, dWᵀ, and dX's when withDx), as Conv2d calls them. */
  private static double conv(String name, Conv2dShape s, int n, SeededRandom rng, boolean withDx) {
    int positionsPadded = (int) Conv2dWorkspace.positionsPadded(s), filtersPadded = (int) Conv2dWorkspace.filtersPadded(s);
    int patch = s.patchSize(), filters = s.filters(), positions = s.positions();
    float[] w = fill(rng, new float[filters * patch]), colsT = fill(rng, new float[patch * positionsPadded]);
    float[] out = new float[filters * positionsPadded], dzT = fill(rng, new float[positions * filtersPadded]);
    float[] dwT = new float[patch * filtersPadded];
    double sum = report(name + " forward product", n, 2.0 * filters * positions * patch, () -> {
      for (int i = 0; i < n; i++) {
        Product.product(out, 0, positionsPadded, false, w, 0, patch, 1, colsT, 0, positionsPadded,
            filters, positionsPadded, patch);
      }
    });
    sum += report(name + " dW product", n, 2.0 * patch * filters * positions, () -> {
      for (int i = 0; i < n; i++) {
        Product.product(dwT, 0, filtersPadded, true, colsT, 0, positionsPadded, 1, dzT, 0,
            filtersPadded, patch, filtersPadded, positions);
      }
    });
    if (withDx) {
      int wide = (int) Conv2dWorkspace.widePadded(s);
      float[] dzWide = fill(rng, new float[filters * wide]), dcols = new float[patch * wide];
      sum += report(name + " dX product (wide)", n, 2.0 * patch * positions * filters, () -> {
        for (int i = 0; i < n; i++) {
          Product.product(dcols, 0, wide, false, w, 0, 1, patch, dzWide, 0, wide, patch, wide, filters);
        }
      });
    }
    return sum;
  }

  /**
   * A Winograd layer's 16 products each for forward, dU and dV per sample, as Winograd calls them;
   * GFLOP/s counts the direct convolution's multiply-adds (what the layer computes), with the
   * transformed domain's own in parentheses.
   */
  private static double winograd(String name, Conv2dShape s, int n, SeededRandom rng) {
    int tiles = Winograd.tiles(s), channels = s.channels(), filters = s.filters();
    int cp = (int) Conv2dWorkspace.channelsPadded(s), op = (int) Conv2dWorkspace.filtersPadded(s);
    float[] v = fill(rng, new float[16 * tiles * cp]), m = fill(rng, new float[16 * tiles * op]);
    float[] u = fill(rng, new float[16 * op * Math.max(channels, cp)]);
    float[] du = new float[16 * channels * op], dv = new float[Math.max(v.length, du.length)];
    double direct = 2.0 * filters * s.positions() * s.patchSize(), own = 2.0 * 16 * tiles * channels * filters;
    System.out.printf("# %s by Winograd F(2x2, 3x3): %d tiles, %.2fx fewer multiply-adds than direct%n", name,
        tiles, direct / own);
    double sum = report(name + " forward products (16)", n, direct, () -> {
      for (int i = 0; i < n; i++) {
        for (int xi = 0; xi < 16; xi++) {
          Product.product(m, xi * tiles * op, op, false, v, xi * tiles * cp, cp, 1, u, xi * channels * op, op,
              tiles, op, channels);
        }
      }
    });
    sum += report(name + " dU products (16) and sum", n, direct, () -> {
      for (int i = 0; i < n; i++) {
        for (int xi = 0; xi < 16; xi++) {
          Product.product(dv, xi * channels * op, op, false, v, xi * tiles * cp, 1, cp, m, xi * tiles * op, op,
              channels, op, tiles);
        }
        for (int k = 0; k < du.length; k++) {
          du[k] += dv[k];
        }
      }
    });
    sum += report(name + " dV products (16)", n, direct, () -> {
      for (int i = 0; i < n; i++) {
        for (int xi = 0; xi < 16; xi++) {
          Product.product(dv, xi * tiles * cp, cp, false, m, xi * tiles * op, op, 1, u, xi * op * cp, cp,
              tiles, cp, filters);
        }
      }
    });
    return sum;
  }

  private static double dense(String name, int n, int in, int out, SeededRandom rng) {
    float[] params = fill(rng, new float[in * out + out]), x = fill(rng, new float[n * in]);
    float[] z = new float[n * out], dz = fill(rng, new float[n * out]), dx = new float[n * in];
    float[] g = new float[params.length];
    DenseWorkspace ws = new DenseWorkspace(n, in, out);
    double sum = report(name + " forward", n, 2.0 * in * out,
        () -> Dense.forward(z, x, params, 0, in * out, n, in, out, ws));
    sum += report(name + " backward (dW, db, dx)", n, 4.0 * in * out,
        () -> Dense.backward(dx, g, dz, x, params, 0, in * out, n, in, out));
    return sum;
  }

  /** Prints and returns the median us of op; flopsPerSample counts the useful multiply-adds x 2. */
  private static double report(String what, int n, double flopsPerSample, Runnable op) {
    double us = median(10, op);
    System.out.printf("%-44s %9.1f us  %5.1f GFLOP/s%n", what, us, flopsPerSample * n / us / 1e3);
    return us;
  }

  private static float[] fill(SeededRandom rng, float[] a) {
    for (int k = 0; k < a.length; k++) {
      a[k] = rng.nextFloat() - 0.5f;
    }
    return a;
  }
}
