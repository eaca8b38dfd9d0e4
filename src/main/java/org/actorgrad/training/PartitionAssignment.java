package org.actorgrad.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which worker computes which partition: pure scheduling, never math. Immutable; every change
 * returns a new assignment and leaves partitions that need not move where they are, so as few
 * samples as possible are shipped again.
 *
 * @param <W> the worker's identity (an actor reference in the coordinator, anything in tests)
 */
public final class PartitionAssignment<W> {
  private final List<W> workers; // in the order they joined
  private final List<W> owners; // partition -> worker

  private PartitionAssignment(List<W> workers, List<W> owners) {
    this.workers = List.copyOf(workers);
    this.owners = List.copyOf(owners);
  }

  /** Partition p goes to worker p mod W. */
  public static <W> PartitionAssignment<W> roundRobin(int partitions, List<W> workers) {
    if (partitions < 1) {
      throw new IllegalArgumentException("need at least one partition, got " + partitions);
    }
    if (workers.isEmpty()) {
      throw new IllegalArgumentException("need at least one worker");
    }
    List<W> owners = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      owners.add(workers.get(p % workers.size()));
    }
    return new PartitionAssignment<>(workers, owners);
  }

  public List<W> workers() {
    return workers;
  }

  public int partitions() {
    return owners.size();
  }

  public W owner(int partition) {
    return owners.get(partition);
  }

  public boolean contains(W worker) {
    return workers.contains(worker);
  }

  /** The partitions a worker owns, ascending. */
  public int[] partitionsOf(W worker) {
    int[] result = new int[owners.size()];
    int n = 0;
    for (int p = 0; p < owners.size(); p++) {
      if (owners.get(p).equals(worker)) {
        result[n++] = p;
      }
    }
    return Arrays.copyOf(result, n);
  }

  /**
   * The worker is gone: each of its partitions, in partition order, goes to the survivor that
   * owns the fewest (ties: the earliest to join). With no survivor, the result has no workers.
   */
  public PartitionAssignment<W> without(W worker) {
    if (!workers.contains(worker)) {
      return this;
    }
    List<W> survivors = new ArrayList<>(workers);
    survivors.remove(worker);
    if (survivors.isEmpty()) {
      return new PartitionAssignment<>(survivors, List.of());
    }
    List<W> newOwners = new ArrayList<>(owners);
    for (int p = 0; p < newOwners.size(); p++) {
      if (newOwners.get(p).equals(worker)) {
        newOwners.set(p, leastLoaded(survivors, newOwners));
      }
    }
    return new PartitionAssignment<>(survivors, newOwners);
  }

  /**
   * A worker joined: partitions move to it from the most loaded workers (their highest partition
   * first) while that narrows the gap, so the load ends within one partition of even.
   */
  public PartitionAssignment<W> with(W worker) {
    if (workers.contains(worker)) {
      return this;
    }
    List<W> all = new ArrayList<>(workers);
    all.add(worker);
    if (owners.isEmpty()) {
      throw new IllegalStateException("an assignment without partitions cannot take workers");
    }
    List<W> newOwners = new ArrayList<>(owners);
    while (true) {
      W busiest = mostLoaded(all, newOwners);
      if (load(busiest, newOwners) - load(worker, newOwners) < 2) {
        break;
      }
      newOwners.set(newOwners.lastIndexOf(busiest), worker);
    }
    return new PartitionAssignment<>(all, newOwners);
  }

  /** For the first assignment when there are no owners yet and workers arrive one by one. */
  public static <W> PartitionAssignment<W> empty() {
    return new PartitionAssignment<>(List.of(), List.of());
  }

  private static <W> W leastLoaded(List<W> candidates, List<W> owners) {
    W best = candidates.get(0);
    for (W w : candidates) {
      if (load(w, owners) < load(best, owners)) {
        best = w;
      }
    }
    return best;
  }

  private static <W> W mostLoaded(List<W> candidates, List<W> owners) {
    W best = candidates.get(0);
    for (W w : candidates) {
      if (load(w, owners) > load(best, owners)) {
        best = w;
      }
    }
    return best;
  }

  private static <W> int load(W worker, List<W> owners) {
    int n = 0;
    for (W o : owners) {
      if (o.equals(worker)) {
        n++;
      }
    }
    return n;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (W w : workers) {
      b.append(w).append("=").append(Arrays.toString(partitionsOf(w))).append(' ');
    }
    return b.toString().trim();
  }
}
