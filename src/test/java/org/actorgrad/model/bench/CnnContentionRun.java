package org.actorgrad.model.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import org.actorgrad.model.FeatureShape;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.random.SeededRandom;

/**
 * How much of a worker's slowdown at {@code --workers 2} the hardware and the halved batch explain,
 * measured inside one JVM so that the host's speed phases (these machines drift 1.5x within a
 * minute) fall on both sides of each comparison: the issue-17 MNIST CNN's gradient on made-up
 * inputs, wall time per call, rounds of:
 * <ol>
 *   <li><b>batch</b>: one thread, a call of 64 samples then two of 32 (what one worker computes at
 *       {@code --workers 1}, and the two workers' shares computed in turn), the pair's CPU time;
 *   <li><b>solo</b>: thread A alone, {@code calls} calls of 32;
 *   <li><b>duo</b>: threads A and B at once, each {@code calls} calls of 32 with its own engine, the
 *       weights shared read-only (two workers on two cores, without the step's hand-offs).
 * </ol>
 * Prints per round A's median solo and duo call, and over the rounds after the first two (JIT) the
 * medians of duo / solo and of 2x32 / 64. A run's workers also wait for a core while the JVM's
 * own threads run, and read weights another core wrote: neither is in these figures. Run by
 * bench/cnn-contention.sh; never a test.
 *
 * <p>Arguments: [rounds=14] [calls=100].
 */
public final class CnnContentionRun {
  private static final String LAYERS = "conv:32:3x3:relu,maxpool:2x2,conv:64:3x3:relu,maxpool:2x2,128:relu,10:softmax";

  private CnnContentionRun() {}

  public static void main(String[] args) throws InterruptedException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 14;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    if (rounds < 3 || calls < 1) {
      throw new IllegalArgumentException("expected at least 3 rounds and 1 call, found " + rounds + " and " + calls);
    }
    Network network = new Network(NetworkSpec.parse(new FeatureShape(1, 28, 28), 10, LAYERS, "ce"));
    float[] params = network.initialParameters(7);
    Caller a = new Caller(network, params, 64, 1);
    Caller b = new Caller(network, params, 32, 2);
    CyclicBarrier together = new CyclicBarrier(2);
    Thread other = new Thread(() -> {
      try {
        for (int r = 0; r < rounds; r++) {
          together.await(); // A's solo calls start
          together.await(); // A's duo calls start: B's too
          b.median32(calls);
          together.await();
        }
      } catch (InterruptedException | BrokenBarrierException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        together.reset(); // main, waiting at the barrier, fails instead of waiting for ever
        throw e;
      }
    }, "contention-b");
    other.setDaemon(true);
    other.start();
    double[] solo = new double[rounds];
    double[] duo = new double[rounds];
    double[] batch = new double[rounds];
    System.out.printf("# %s, batch 64 against 2 x 32, %d rounds of %d calls%n", LAYERS, rounds, calls);
    for (int r = 0; r < rounds; r++) {
      batch[r] = a.twoHalvesOverWhole(calls / 4 + 1);
      await(together);
      solo[r] = a.median32(calls);
      await(together);
      duo[r] = a.median32(calls);
      await(together);
      System.out.printf("round %2d  solo %6.3f ms  duo %6.3f ms  2x32/64 %.4f%n", r + 1, solo[r], duo[r], batch[r]);
    }
    double[] duoOverSolo = new double[rounds - 2];
    for (int r = 2; r < rounds; r++) {
      duoOverSolo[r - 2] = duo[r] / solo[r];
    }
    System.out.printf("rounds 3-%d: duo / solo median %.4f (quartiles %.4f-%.4f); 2x32 / 64 median %.4f (quartiles %.4f-%.4f)%n",
        rounds, median(duoOverSolo), quartile(duoOverSolo, 1), quartile(duoOverSolo, 3),
        median(Arrays.copyOfRange(batch, 2, rounds)), quartile(Arrays.copyOfRange(batch, 2, rounds), 1),
        quartile(Arrays.copyOfRange(batch, 2, rounds), 3));
  }

  private static void await(CyclicBarrier barrier) throws InterruptedException {
    try {
      barrier.await();
    } catch (BrokenBarrierException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double median(double[] values) {
    return quartile(values, 2);
  }

  private static double quartile(double[] values, int q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, q * sorted.length / 4)];
  }

  /** One thread's engines and made-up batch: 64 samples, the first and second 32 of them. */
  private static final class Caller {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private final GradientEngine whole; // null for a thread that only computes 32
    private final GradientEngine half;
    private final float[] params;
    private final float[] grad;
    private final float[] x; // (64, 784)
    private final float[] secondHalf; // (32, 784): samples 32-63
    private final int[] labels = new int[64];
    private final int[] ids = new int[64];
    private long step;

    Caller(Network network, float[] params, int samples, long seed) {
      this.params = params;
      this.whole = samples == 64 ? new GradientEngine(network, 64) : null;
      this.half = new GradientEngine(network, 32);
      this.grad = new float[params.length];
      SeededRandom rng = new SeededRandom(seed);
      x = new float[64 * 784];
      for (int i = 0; i < x.length; i++) {
        x[i] = rng.nextFloat();
      }
      secondHalf = Arrays.copyOfRange(x, 32 * 784, 64 * 784);
      for (int i = 0; i < 64; i++) {
        labels[i] = i % 10;
        ids[i] = i;
      }
    }

    /** The median wall time of {@code calls} gradients of 32 samples, in ms. */
    double median32(int calls) {
      long[] nanos = new long[calls];
      for (int i = 0; i < calls; i++) {
        long start = System.nanoTime();
        half.gradient(grad, params, x, labels, ids, 32, 1L, step++);
        nanos[i] = System.nanoTime() - start;
      }
      Arrays.sort(nanos);
      return nanos[calls / 2] / 1e6;
    }

    /** The median over {@code pairs} of (CPU of two calls of 32) / (CPU of one call of 64). */
    double twoHalvesOverWhole(int pairs) {
      double[] ratios = new double[pairs];
      for (int i = 0; i < pairs; i++) {
        long c0 = MX.getCurrentThreadCpuTime();
        whole.gradient(grad, params, x, labels, ids, 64, 1L, step);
        long c1 = MX.getCurrentThreadCpuTime();
        half.gradient(grad, params, x, labels, ids, 32, 1L, step);
        half.gradient(grad, params, secondHalf, labels, ids, 32, 1L, step++);
        ratios[i] = (double) (MX.getCurrentThreadCpuTime() - c1) / (c1 - c0);
      }
      return median(ratios);
    }
  }
}
