package org.actorgrad.data;

import java.util.Arrays;
import org.actorgrad.random.SeededRandom;

/**
 * The step schedule: which samples each partition contributes to each step. Every step takes a
 * fixed quota from each partition, so a step's samples, and the order their gradients are summed
 * in, do not depend on which worker holds which partition.
 *
 * <p>Thread-safe; it keeps each partition's order for the latest epoch asked about, because
 * {@link #positions} is called every step and a shuffle costs O(partition size).
 */
public final class EpochPlan {
  private final int[] sizes;
  private final int batchSize;
  private final long seed;
  private final int steps;
  private final int[] cachedEpoch; // (P) epoch of cachedOrder[p], or -1
  private final int[][] cachedOrder; // (P, size_p)

  public EpochPlan(int[] partitionSizes, int batchSize, long seed) {
    int partitions = partitionSizes.length;
    if (partitions < 1) {
      throw new IllegalArgumentException("expected at least 1 partition, found none");
    }
    for (int p = 0; p < partitions; p++) {
      if (partitionSizes[p] < 1) {
        throw new IllegalArgumentException(
            "expected every partition to hold samples, found size " + partitionSizes[p] + " for partition " + p);
      }
    }
    if (batchSize < partitions) {
      throw new IllegalArgumentException("expected a batch size of at least one sample per partition ("
          + partitions + "), found " + batchSize);
    }
    this.sizes = partitionSizes.clone();
    this.batchSize = batchSize;
    this.seed = seed;
    int maxSteps = 0;
    for (int p = 0; p < partitions; p++) {
      int quota = quota(p);
      maxSteps = Math.max(maxSteps, (sizes[p] + quota - 1) / quota);
    }
    this.steps = maxSteps;
    this.cachedEpoch = new int[partitions];
    Arrays.fill(cachedEpoch, -1);
    this.cachedOrder = new int[partitions][];
  }

  public int partitions() {
    return sizes.length;
  }

  public int batchSize() {
    return batchSize;
  }

  /** Samples per step from partition p: batchSize / P, and the first batchSize % P partitions take one more. */
  public int quota(int p) {
    checkPartition(p);
    return batchSize / sizes.length + (p < batchSize % sizes.length ? 1 : 0);
  }

  /** Steps per epoch: max over p of ceil(size_p / quota_p); a partition that runs out contributes fewer (or zero) samples in the last steps. */
  public int stepsPerEpoch() {
    return steps;
  }

  /** Partition p's visiting order in this epoch: a permutation of 0..size_p-1 from SeededRandom.derive(seed, epoch, p). */
  public int[] order(int epoch, int p) {
    return cachedOrder(epoch, p).clone();
  }

  /** Positions (partition-local, indexes into the partition's sample array) that partition p contributes at (epoch, step); may be empty. */
  public int[] positions(int epoch, int step, int p) {
    if (step < 0 || step >= steps) {
      throw new IllegalArgumentException("expected a step in [0, " + steps + "), found " + step);
    }
    int[] order = cachedOrder(epoch, p);
    int quota = quota(p);
    int from = (int) Math.min((long) step * quota, order.length);
    int to = (int) Math.min((long) from + quota, order.length);
    return Arrays.copyOfRange(order, from, to);
  }

  /** The samples in step {@code step} summed over all partitions (the same in every epoch): the divisor of a mean gradient. */
  public int stepSamples(int step) {
    if (step < 0 || step >= steps) {
      throw new IllegalArgumentException("expected a step in [0, " + steps + "), found " + step);
    }
    int total = 0;
    for (int p = 0; p < sizes.length; p++) {
      int quota = quota(p);
      total += (int) Math.max(0, Math.min(quota, sizes[p] - (long) step * quota));
    }
    return total;
  }

  private synchronized int[] cachedOrder(int epoch, int p) {
    checkPartition(p);
    if (epoch < 0) {
      throw new IllegalArgumentException("expected a non-negative epoch, found " + epoch);
    }
    if (cachedEpoch[p] != epoch) {
      int[] order = new int[sizes[p]];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      SeededRandom.derive(seed, epoch, p).shuffleInPlace(order);
      cachedOrder[p] = order;
      cachedEpoch[p] = epoch;
    }
    return cachedOrder[p];
  }

  private void checkPartition(int p) {
    if (p < 0 || p >= sizes.length) {
      throw new IllegalArgumentException("expected a partition in [0, " + sizes.length + "), found " + p);
    }
  }
}
