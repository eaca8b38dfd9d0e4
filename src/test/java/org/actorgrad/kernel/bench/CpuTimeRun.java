package org.actorgrad.kernel.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.actorgrad.kernel.Dense;

/**
 * A companion to the JMH benchmark for shared, loaded machines: times the same operations by the
 * benchmark thread's CPU time, not wall time, so other processes' load mostly drops out (cache and
 * SMT sharing still count). Reports the median of 9 rounds after 5 warm-up rounds.
 * Run by bench/cputime.sh; never part of the tests.
 */
public final class CpuTimeRun {
  private CpuTimeRun() {}

  public static void main(String[] args) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    System.out.println("# kernel path: " + Dense.path() + ", java " + System.getProperty("java.version"));
    for (int batch : new int[] {32, 64}) {
      TrainingStepBenchmark s = new TrainingStepBenchmark();
      s.batch = batch;
      s.setUp();
      double fwd = 2.0 * batch * 784 * 128;
      report("forwardGemm", batch, median(mx, s, 0), fwd, "");
      double backward = median(mx, s, 1);
      report("backwardGemm", batch, backward, 2 * fwd, " (dW and dx)");
      double weightGrad = median(mx, s, 3);
      report("weightGradGemm", batch, weightGrad, fwd, " (dW)");
      // Dense has no call for dx alone: its time is what dx adds to dW, as the first layer skips it.
      report("inputGradGemm", batch, backward - weightGrad, fwd, " (dx = backward - dW)");
      double step = median(mx, s, 2);
      double nominal = 3 * 2.0 * batch * (784 * 128 + 128 * 10);
      double executed = 2.0 * batch * (784 * 128 + 128 * 10) + fwd + 2.0 * batch * 2 * 128 * 10;
      System.out.printf("%-14s batch %3d  %9.1f us/op (cpu)  %6.1f GFLOP/s nominal  %6.1f GFLOP/s executed%n",
          "trainingStep", batch, step, nominal / step / 1e3, executed / step / 1e3);
    }
  }

  private static void report(String name, int batch, double us, double flops, String note) {
    System.out.printf("%-14s batch %3d  %9.1f us/op (cpu)  %6.1f GFLOP/s%s%n", name, batch, us, flops / us / 1e3, note);
  }

  /** Median microseconds of CPU time per call over 9 rounds of 200 calls, after 5 warm-up rounds. */
  private static double median(ThreadMXBean mx, TrainingStepBenchmark s, int which) {
    double[] rounds = new double[9];
    for (int r = -5; r < rounds.length; r++) {
      long t0 = mx.getCurrentThreadCpuTime();
      for (int k = 0; k < 200; k++) {
        if (which == 0) {
          s.forwardGemm();
        } else if (which == 1) {
          s.backwardGemm();
        } else if (which == 3) {
          s.weightGradGemm();
        } else {
          s.trainingStep();
        }
      }
      double us = (mx.getCurrentThreadCpuTime() - t0) / 200e3;
      if (r >= 0) {
        rounds[r] = us;
      }
    }
    java.util.Arrays.sort(rounds);
    return rounds[rounds.length / 2];
  }
}
