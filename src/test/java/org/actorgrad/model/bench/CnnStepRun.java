package org.actorgrad.model.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import org.actorgrad.data.Dataset;
import org.actorgrad.data.DatasetLocator;
import org.actorgrad.kernel.Dense;
import org.actorgrad.model.BatchStats;
import org.actorgrad.model.FeatureShape;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.training.StepMath;

/**
 * A CNN training step as a run's worker thread does it, measured per step by the thread's CPU time
 * and the bytes it allocated (com.sun.management.ThreadMXBean): the issue-17 MNIST CNN, MNIST's
 * first 10k training digits in order, SGD lr 0.1, P partitions of batch/P samples each computed in
 * turn on this thread (one engine per partition, as a run's workers hold one each), their mean
 * applied. Prints per window of steps the median CPU per step and the mean bytes allocated per step,
 * so a JIT or allocation change shows as it happens. Run by bench/cnn-step.sh; never a test.
 *
 * <p>Arguments: [batch=64] [partitions=1] [steps=471] [window=50] [update=plain|run] [threads=0]: run takes
 * the mean through the run's StepMath (its Vector API pass) and the SGD through Sgd, as the
 * coordinator does, on this thread; threads above 0 run each step as a task on a pool of that many
 * threads (a run's worker actor is a task on its compute pool), measured on the thread that ran it.
 */
public final class CnnStepRun {
  private static final com.sun.management.ThreadMXBean MX =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private CnnStepRun() {}

  public static void main(String[] args) {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    int steps = args.length > 2 ? Integer.parseInt(args[2]) : 471;
    int window = args.length > 3 ? Integer.parseInt(args[3]) : 50;
    boolean runUpdate = args.length > 4 && args[4].equals("run");
    int threads = args.length > 5 ? Integer.parseInt(args[5]) : 0;
    java.util.concurrent.ExecutorService pool =
        threads > 0 ? java.util.concurrent.Executors.newFixedThreadPool(threads) : null;
    String datasets = System.getenv().getOrDefault("ACTORGRAD_DATASETS", "/work/shared/datasets");
    Dataset train = DatasetLocator.load(Path.of(datasets, "mnist"), "mnist").train();
    int samples = Math.min(10_000, train.count());
    String layers = "conv:32:3x3:relu,maxpool:2x2,conv:64:3x3:relu,maxpool:2x2,128:relu,10:softmax";
    Network network = new Network(NetworkSpec.parse(new FeatureShape(1, 28, 28), 10, layers, "ce"));
    float[] mean = new float[network.parameterCount()];
    float[] next = new float[network.parameterCount()];
    org.actorgrad.optim.Optimizer sgd = new org.actorgrad.optim.Sgd(network.parameterCount(), 0f);
    int share = batch / partitions;
    System.out.printf("# kernel %s, java %s, batch %d = %d partitions x %d, %d steps%n", Dense.path(),
        System.getProperty("java.version"), batch, partitions, share, steps);
    GradientEngine[] engines = new GradientEngine[partitions];
    float[][] grads = new float[partitions][];
    for (int p = 0; p < partitions; p++) {
      engines[p] = new GradientEngine(network, share);
      grads[p] = new float[network.parameterCount()];
    }
    float[] params = network.initialParameters(42);
    float[] x = new float[share * train.features()];
    int[] y = new int[share];
    int[] ids = new int[share];
    int[] positions = new int[share];
    long[] cpu = new long[steps];
    long[] bytes = new long[steps];
    int stepsPerEpoch = samples / batch;
    float[][] weights = {params, next}; // the current step's and the spare
    for (int s = 0; s < steps; s++) {
      int step = s;
      Runnable task = () -> {
        long c0 = MX.getCurrentThreadCpuTime();
        long tid = Thread.currentThread().getId();
        long b0 = MX.getThreadAllocatedBytes(tid);
        int first = (step % stepsPerEpoch) * batch;
        int count = 0;
        for (int p = 0; p < partitions; p++) {
          for (int k = 0; k < share; k++) {
            positions[k] = first + p * share + k;
            ids[k] = positions[k];
          }
          train.fill(x, y, positions, 0, share);
          BatchStats stats = engines[p].gradient(grads[p], weights[0], x, y, ids, share, 42L, step);
          count += stats.count();
        }
        float[] w = weights[0];
        if (runUpdate) { // the coordinator's arithmetic, on this thread
          StepMath.meanGradientAllFinite(mean, grads, count);
          sgd.update(weights[1], w, mean, 0.1f);
          weights[0] = weights[1];
          weights[1] = w;
        } else { // SGD on the mean summed in partition order: the weights move as in a run (for timing only)
          float c = count;
          for (int i = 0; i < w.length; i++) {
            float sum = grads[0][i];
            for (int p = 1; p < partitions; p++) {
              sum += grads[p][i];
            }
            w[i] -= 0.1f * (sum / c);
          }
        }
        cpu[step] = MX.getCurrentThreadCpuTime() - c0;
        bytes[step] = MX.getThreadAllocatedBytes(tid) - b0;
      };
      if (pool == null) {
        task.run();
      } else {
        try {
          pool.submit(task).get(); // the pool's hand-over makes the writes above visible here
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    if (pool != null) {
      pool.shutdown();
    }
    for (int from = 0; from < steps; from += window) {
      int to = Math.min(steps, from + window);
      long[] w = Arrays.copyOfRange(cpu, from, to);
      Arrays.sort(w);
      long alloc = 0;
      for (int s = from; s < to; s++) {
        alloc += bytes[s];
      }
      System.out.printf("steps %4d-%4d  cpu median %7.2f ms  min %7.2f ms  alloc %9.1f KB/step%n",
          from, to - 1, w[w.length / 2] / 1e6, w[0] / 1e6, alloc / 1024.0 / (to - from));
    }
  }
}
