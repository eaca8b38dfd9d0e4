package org.actorgrad.data;

import java.util.Arrays;
import org.actorgrad.random.SeededRandom;

/**
 * Deals the training samples into P fixed partitions. P is part of the run, not of the cluster: a
 * run's results depend on P but not on how many workers share the partitions.
 */
public final class Partitioning {
  /** Names the partitioning's random stream ("PARTITION" in ASCII, truncated to 8 bytes). */
  static final long PARTITION_STREAM = 0x5041525449544E4FL;

  private Partitioning() {}

  /**
   * Splits the training indices into P near-equal partitions (sizes differ by at most 1, larger
   * first) after a seeded shuffle (SeededRandom.derive(seed, PARTITION_STREAM)); each partition
   * sorted ascending. The result depends on the order of {@code trainIndices} (Splits gives them sorted).
   */
  public static int[][] partition(int[] trainIndices, int partitions, long seed) {
    if (partitions < 1) {
      throw new IllegalArgumentException("expected at least 1 partition, found " + partitions);
    }
    if (partitions > trainIndices.length) {
      throw new IllegalArgumentException("expected at most one partition per training sample ("
          + trainIndices.length + "), found " + partitions + " partitions");
    }
    int[] shuffled = trainIndices.clone();
    SeededRandom.derive(seed, PARTITION_STREAM).shuffleInPlace(shuffled);
    int base = shuffled.length / partitions;
    int larger = shuffled.length % partitions;
    int[][] result = new int[partitions][];
    int from = 0;
    for (int p = 0; p < partitions; p++) {
      int size = base + (p < larger ? 1 : 0);
      result[p] = Arrays.copyOfRange(shuffled, from, from + size);
      Arrays.sort(result[p]);
      from += size;
    }
    return result;
  }
}
