package org.actorgrad.training;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.actorgrad.data.Dataset;
import org.actorgrad.model.BatchStats;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.training.Protocol.Compute;
import org.actorgrad.training.Protocol.DropPartition;
import org.actorgrad.training.Protocol.Gradient;
import org.actorgrad.training.Protocol.Setup;
import org.actorgrad.training.Protocol.TakePartition;

/**
 * What a worker holds and does, without the actor: the network it computes with, the samples of
 * the partitions it owns, and for a step one gradient per partition (never their sum: the
 * coordinator sums in partition order). The {@link Worker} actor runs it; so does a remote
 * worker's data link thread, which then needs no hop to another thread per step. Not thread-safe:
 * one thread at a time.
 */
public final class WorkerState {
  private final Map<Integer, Partition> partitions = new HashMap<>();
  private final boolean reuseGradients;
  private final FloatArrays gradientArrays; // where each reply's array comes from, or null: new ones
  private float[] reused; // (parameterCount), when reuseGradients
  private GradientEngine engine;
  private int parameterCount;
  private long seed;
  private float[] x; // (maxBatch, features)
  private int[] y; // (maxBatch)
  private int[] ids; // (maxBatch)

  private record Partition(Dataset samples, int[] sampleIds) {}

  /** A worker whose gradients are handed over: each reply gets a new array. */
  public WorkerState() {
    this(false);
  }

  /**
   * @param reuseGradients true when every reply is done with its gradient array when it returns
   *     (it encodes it for the wire at once): then one array serves every step, which spares the
   *     garbage collector 400 KB a step for the default network
   */
  public WorkerState(boolean reuseGradients) {
    this.reuseGradients = reuseGradients;
    this.gradientArrays = null;
  }

  /**
   * A worker whose gradients are handed over, each in an array taken from {@code gradientArrays}:
   * the pool the run gives them back to once summed ({@link TrainingRun#giveGradientsBackTo}), so
   * a local run does not allocate and zero 400 KB per partition and step (the default network).
   */
  public WorkerState(FloatArrays gradientArrays) {
    this.reuseGradients = false;
    this.gradientArrays = java.util.Objects.requireNonNull(gradientArrays, "gradientArrays");
  }

  public void setup(Setup s) {
    Network network = new Network(NetworkSpec.parse(s.inputs(), s.classes(), s.layers(), s.loss()));
    engine = new GradientEngine(network, s.maxBatch());
    parameterCount = network.parameterCount();
    reused = reuseGradients ? new float[parameterCount] : null;
    seed = s.seed();
    x = new float[s.maxBatch() * s.inputs()];
    y = new int[s.maxBatch()];
    ids = new int[s.maxBatch()];
  }

  public void take(TakePartition t) {
    // Labels are checked against the network's classes when a gradient is computed; any byte passes here.
    Dataset samples = Dataset.of("partition " + t.partition(), 1, t.rows(), t.cols(), Dataset.MAX_CLASSES,
        t.pixels(), t.labels());
    partitions.put(t.partition(), new Partition(samples, t.sampleIds()));
  }

  public void drop(DropPartition d) {
    partitions.remove(d.partition());
  }

  /**
   * Computes the step's gradients, handing each to {@code reply} as soon as it is done.
   *
   * @throws IllegalStateException before {@link #setup}, or for a partition this worker does not hold
   */
  public void compute(Compute c, Consumer<Gradient> reply) {
    if (engine == null) {
      throw new IllegalStateException("compute before setup");
    }
    for (int i = 0; i < c.partitions().length; i++) {
      int p = c.partitions()[i];
      Partition part = partitions.get(p);
      if (part == null) {
        throw new IllegalStateException("asked for partition " + p + " which this worker does not hold");
      }
      int[] positions = c.positions()[i];
      int n = positions.length;
      float[] grad = reuseGradients ? reused
          : gradientArrays != null ? gradientArrays.take(parameterCount) : new float[parameterCount];
      long start = System.nanoTime();
      part.samples().fill(x, y, positions, 0, n);
      for (int k = 0; k < n; k++) {
        ids[k] = part.sampleIds()[positions[k]];
      }
      // The engine zeroes grad first, also for a partition with no sample in this step (an
      // epoch's uneven end), where a reused array would otherwise still hold the last gradient.
      BatchStats stats = engine.gradient(grad, c.params(), x, y, ids, n, seed, c.step());
      reply.accept(new Gradient(c.step(), p, grad, stats.lossSum(), stats.correct(), stats.count(),
          System.nanoTime() - start, c.worker()));
    }
  }
}
