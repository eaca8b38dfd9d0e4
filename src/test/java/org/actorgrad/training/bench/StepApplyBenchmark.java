package org.actorgrad.training.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.actorgrad.optim.Optimizer;
import org.actorgrad.optim.OptimizerSpec;
import org.actorgrad.training.StepMath;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The coordinator's serial work per step, which the compute threads wait for: the apply of
 * TrainingRun at the default network's size (101,770 parameters, 784-128-10) and 2 partitions.
 * {@link #fourPasses} is how it was (mean, finiteness check, copy of the weights, in-place update);
 * {@link #twoPasses} is how it is (mean checked in the same pass, update written from the current
 * weights into the other array). Same bits (StepMathTest, OptimizerTest).
 *
 * <p>JMH (wall time): the class path of bench/jmh.sh, then
 * {@code java -cp ... org.openjdk.jmh.Main StepApplyBenchmark}. On a busy machine run {@link #main}
 * instead: it alternates the two for a few rounds and prints the thread CPU time of each (bench/apply.sh).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class StepApplyBenchmark {
  @Param({"sgd", "adam"})
  public String optimizer;

  private float[][] gradients; // (2, N)
  private float[] mean; // (N)
  private float[] params; // (N)
  private float[] spare; // (N)
  private Optimizer sgdOrAdam;

  @Setup
  public void setUp() {
    int n = 784 * 128 + 128 + 128 * 10 + 10;
    SplittableRandom random = new SplittableRandom(1);
    gradients = new float[2][n];
    params = new float[n];
    for (int i = 0; i < n; i++) {
      gradients[0][i] = (float) random.nextGaussian();
      gradients[1][i] = (float) random.nextGaussian();
      params[i] = (float) random.nextGaussian();
    }
    mean = new float[n];
    spare = new float[n];
    // lr 0: the weights stay put, so any number of calls times the same values.
    sgdOrAdam = OptimizerSpec.parse(optimizer).create(n);
  }

  @Benchmark
  public float[] fourPasses() {
    StepMath.meanGradient(mean, gradients, 64);
    if (!StepMath.allFinite(mean)) {
      throw new IllegalStateException("not finite");
    }
    System.arraycopy(params, 0, spare, 0, params.length);
    sgdOrAdam.update(spare, mean, 0f);
    return spare;
  }

  @Benchmark
  public float[] twoPasses() {
    if (!StepMath.meanGradientAllFinite(mean, gradients, 64)) {
      throw new IllegalStateException("not finite");
    }
    sgdOrAdam.update(spare, params, mean, 0f);
    return spare;
  }

  /** Alternates the two, prints the median thread CPU time per apply of each round's best. */
  public static void main(String[] args) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int calls = 2000;
    for (String kind : new String[] {"sgd", "adam"}) {
      StepApplyBenchmark b = new StepApplyBenchmark();
      b.optimizer = kind;
      b.setUp();
      long[] four = new long[rounds];
      long[] two = new long[rounds];
      for (int r = 0; r < rounds; r++) {
        long t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
          b.fourPasses();
        }
        long t1 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
          b.twoPasses();
        }
        long t2 = mx.getCurrentThreadCpuTime();
        four[r] = (t1 - t0) / calls;
        two[r] = (t2 - t1) / calls;
      }
      java.util.Arrays.sort(four);
      java.util.Arrays.sort(two);
      // The first rounds warm the JIT up: the median of all rounds.
      System.out.printf("%-5s thread CPU per apply, median of %d rounds of %d: four passes %6.1f us, two passes %6.1f us%n",
          kind, rounds, calls, four[rounds / 2] / 1e3, two[rounds / 2] / 1e3);
    }
  }
}
