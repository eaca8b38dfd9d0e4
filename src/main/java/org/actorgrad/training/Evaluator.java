package org.actorgrad.training;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.actorgrad.data.Dataset;
import org.actorgrad.model.BatchStats;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;

/**
 * Loss and accuracy of a parameter vector over a whole data set. The loss is summed sample by
 * sample within groups of {@link #GROUP} samples and the groups' sums are then added in group
 * order, as it always was; the engine runs {@link GradientEngine#evaluationBatch} samples at a time
 * (all 250 for a dense network; ~33 for the MNIST CNN, bounded by bytes, workspaces included), and
 * each batch continues its group's sum, so the result's bits do not depend on it.
 *
 * <p>The groups are independent, so {@code lanes} threads evaluate them at once (the calling thread
 * and lanes - 1 pool threads, each with its own engine and buffers, taking the next group in turn);
 * the groups' results are then added in group order, so the bits do not depend on the lane count
 * either. A run's compute threads are idle while its coordinator evaluates (the validation split
 * after each epoch, the test set at the end), so the lanes take their cores: on 2 cores the MNIST
 * CNN's 10,000 test images took ~1.2 s on one thread.
 */
public final class Evaluator {
  /** Samples per loss group: fixes the order in which the loss sum is rounded. */
  static final int GROUP = 250;

  private final Network network;
  private final int features;
  private final Lane[] lanes; // made on first use: a lane's engine of a CNN takes ~16 MB
  private final int batch;
  private final ThreadPoolExecutor pool; // null with one lane

  /** One lane: evaluates on the calling thread only. */
  public Evaluator(Network network, int features) {
    this(network, features, 1);
  }

  /**
   * Evaluates with {@code lanes} threads at most (fewer when a data set has fewer groups).
   *
   * @throws IllegalArgumentException when lanes is below 1
   */
  public Evaluator(Network network, int features, int lanes) {
    if (lanes < 1) {
      throw new IllegalArgumentException("an evaluator needs at least 1 lane, got " + lanes);
    }
    this.network = network;
    this.features = features;
    this.batch = GradientEngine.evaluationBatch(network);
    this.lanes = new Lane[lanes];
    // lanes - 1 threads, each started when a task comes and ended after a short idle time: an
    // evaluation comes once an epoch, and a JVM whose run has ended keeps none of them. (With no
    // core threads and an unbounded queue, a pool starts one thread only.)
    int threads = this.lanes.length - 1;
    this.pool = threads == 0 ? null : new ThreadPoolExecutor(threads, threads, 5, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "evaluation");
          t.setDaemon(true);
          return t;
        });
    if (pool != null) {
      pool.allowCoreThreadTimeOut(true);
    }
  }

  /** Samples the engine takes at a time (for tests and memory reports). */
  public int batch() {
    return batch;
  }

  /** Pool threads started so far (at most lanes - 1), for tests. */
  int threadsStarted() {
    return pool == null ? 0 : pool.getLargestPoolSize();
  }

  /** Lanes this evaluator may run at once. */
  public int lanes() {
    return lanes.length;
  }

  /**
   * Loss sum, correct count and sample count of {@code params} over {@code data}.
   *
   * @throws RuntimeException what a lane threw (the first one), once every lane has stopped
   */
  public BatchStats evaluate(float[] params, Dataset data) {
    int groups = (data.count() + GROUP - 1) / GROUP;
    BatchStats[] results = new BatchStats[groups];
    AtomicInteger next = new AtomicInteger();
    int used = Math.min(lanes.length, groups);
    List<CompletableFuture<Void>> others = new ArrayList<>();
    for (int i = 1; i < used; i++) {
      Lane lane = lane(i);
      others.add(CompletableFuture.runAsync(() -> lane.run(params, data, next, results), pool));
    }
    if (used > 0) {
      lane(0).run(params, data, next, results);
    }
    try {
      CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
    BatchStats total = new BatchStats(0, 0, 0);
    for (BatchStats group : results) {
      total = total.plus(group);
    }
    return total;
  }

  private synchronized Lane lane(int i) {
    if (lanes[i] == null) {
      lanes[i] = new Lane(network, features, batch);
    }
    return lanes[i];
  }

  /** An engine and its buffers; one thread at a time. */
  private static final class Lane {
    private final GradientEngine engine;
    private final int batch;
    private final float[] x; // (batch, features)
    private final int[] y; // (batch)
    private final int[] indices; // (batch)

    Lane(Network network, int features, int batch) {
      this.batch = batch;
      this.engine = new GradientEngine(network, batch);
      this.x = new float[batch * features];
      this.y = new int[batch];
      this.indices = new int[batch];
    }

    /** Takes groups from {@code next} until none is left, each group's figures into its slot. */
    void run(float[] params, Dataset data, AtomicInteger next, BatchStats[] results) {
      for (int g = next.getAndIncrement(); g < results.length; g = next.getAndIncrement()) {
        int from = g * GROUP;
        int end = Math.min(from + GROUP, data.count());
        double loss = 0;
        int correct = 0;
        for (int at = from; at < end; at += batch) {
          int n = Math.min(batch, end - at);
          for (int k = 0; k < n; k++) {
            indices[k] = at + k;
          }
          data.fill(x, y, indices, 0, n);
          BatchStats part = engine.evaluate(params, x, y, n, loss);
          loss = part.lossSum();
          correct += part.correct();
        }
        results[g] = new BatchStats(loss, correct, end - from);
      }
    }
  }
}
