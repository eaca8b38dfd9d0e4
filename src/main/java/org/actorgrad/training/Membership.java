package org.actorgrad.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who works on the run and who computes what at the current step: the coordinator's rules for a
 * worker that joins, one that is lost, and an answer that comes in, without actors (tested as
 * such, like {@link StepState} and {@link PartitionAssignment}). Each event returns the
 * {@link Changes} the coordinator must send; nothing here sends anything.
 *
 * <p>Ownership and the step's requests are kept apart on purpose: a partition that moves to a
 * joining worker mid-step is still computed for that step by the worker that was asked, so a
 * partition's owner is not always the worker whose answer the step waits for.
 *
 * @param <W> the worker's identity (an actor reference in the coordinator, anything in tests)
 */
public final class Membership<W> {
  private final int partitions;
  private final int minWorkers;
  private final int parameterCount;
  private final List<W> waiting = new ArrayList<>(); // until there are minWorkers
  private PartitionAssignment<W> assignment = PartitionAssignment.empty();
  private boolean started;
  private long step = -1; // the step in progress; -1 before the first
  private final List<W> awaited; // (P) whose answer partition p waits for at this step; null once answered
  private final List<Set<W>> asked; // (P) every worker asked for partition p at this step
  private int[] expectedCounts = new int[0]; // (P) samples in partition p's answer at this step

  /** Partition p goes from {@code from} (null at the start of the run) to {@code to}. */
  public record Move<W>(int partition, W from, W to) {}

  /**
   * What an event asks the coordinator to do: ship each move's partition to its new owner (and
   * tell the old owner, if still a member, to drop it), then send {@code asks}: per worker, the
   * partitions it is to compute for the current step, ascending.
   */
  public record Changes<W>(List<Move<W>> moves, Map<W, int[]> asks) {
    static <W> Changes<W> none() {
      return new Changes<>(List.of(), Map.of());
    }
  }

  /** What to do with an answer: take it, ignore it (late, or a repeat), or drop its sender. */
  public enum Verdict { TAKE, IGNORE, FAULTY }

  /** A verdict; {@code fault} says what is wrong with the answer when it is FAULTY, else null. */
  public record Judgement(Verdict verdict, String fault) {
    private static final Judgement TAKE = new Judgement(Verdict.TAKE, null);
    private static final Judgement IGNORE = new Judgement(Verdict.IGNORE, null);

    private static Judgement faulty(String fault) {
      return new Judgement(Verdict.FAULTY, fault);
    }
  }

  /**
   * @param partitions P, at least 1
   * @param minWorkers workers to wait for before the first step (at least 1 is waited for)
   * @param parameterCount the length every gradient must have
   * @throws IllegalArgumentException for P below 1 or a negative parameter count
   */
  public Membership(int partitions, int minWorkers, int parameterCount) {
    if (partitions < 1) {
      throw new IllegalArgumentException("need at least one partition, got " + partitions);
    }
    if (parameterCount < 0) {
      throw new IllegalArgumentException("expected a parameter count >= 0, found " + parameterCount);
    }
    this.partitions = partitions;
    this.minWorkers = Math.max(1, minWorkers);
    this.parameterCount = parameterCount;
    this.awaited = new ArrayList<>(Collections.nCopies(partitions, null));
    this.asked = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      asked.add(new HashSet<>());
    }
  }

  /** True once enough workers came and the partitions got owners (also after the last is lost). */
  public boolean started() {
    return started;
  }

  /** A member, or a worker waiting for the run to start. */
  public boolean knows(W worker) {
    return waiting.contains(worker) || assignment.contains(worker);
  }

  /** The members, in the order they joined; empty before the run starts and after the last is lost. */
  public List<W> workers() {
    return assignment.workers();
  }

  /** The current owners. */
  public PartitionAssignment<W> assignment() {
    return assignment;
  }

  /**
   * A worker came. Before the run, it waits until there are {@code minWorkers}, and then every
   * partition moves (from null) to its round-robin owner. During the run, partitions move to it
   * from the busiest workers; those still answer the current step for them.
   */
  public Changes<W> joined(W worker) {
    if (knows(worker)) {
      return Changes.none();
    }
    List<Move<W>> moves = new ArrayList<>();
    if (!started) {
      waiting.add(worker);
      if (waiting.size() >= minWorkers) {
        assignment = PartitionAssignment.roundRobin(partitions, waiting);
        waiting.clear();
        started = true;
        for (int p = 0; p < partitions; p++) {
          moves.add(new Move<>(p, null, assignment.owner(p)));
        }
      }
      return new Changes<>(moves, Map.of());
    }
    PartitionAssignment<W> before = assignment;
    assignment = assignment.with(worker);
    for (int p = 0; p < partitions; p++) {
      if (!before.owner(p).equals(assignment.owner(p))) {
        moves.add(new Move<>(p, before.owner(p), assignment.owner(p)));
      }
    }
    return new Changes<>(moves, Map.of());
  }

  /**
   * A worker stopped, failed or was given up on: its partitions move to the survivors, and every
   * partition whose answer the step still waits for from it (including one it was asked for
   * after the partition moved to a newcomer) is asked of the partition's owner. With no worker
   * left, {@link #workers()} is empty and nothing is asked.
   */
  public Changes<W> lost(W worker) {
    waiting.remove(worker);
    if (!assignment.contains(worker)) {
      return Changes.none();
    }
    PartitionAssignment<W> before = assignment;
    assignment = assignment.without(worker);
    if (assignment.workers().isEmpty()) {
      Collections.fill(awaited, null);
      return Changes.none();
    }
    List<Move<W>> moves = new ArrayList<>();
    Map<W, List<Integer>> missing = new LinkedHashMap<>();
    for (int p = 0; p < partitions; p++) {
      W heir = assignment.owner(p);
      if (before.owner(p).equals(worker)) {
        moves.add(new Move<>(p, worker, heir));
      }
      if (worker.equals(awaited.get(p))) {
        awaited.set(p, heir);
        asked.get(p).add(heir);
        missing.computeIfAbsent(heir, k -> new ArrayList<>()).add(p);
      }
    }
    return new Changes<>(moves, toArrays(missing));
  }

  /**
   * A new step: each member is asked for the partitions it owns.
   *
   * @param expectedCounts (P) the samples each partition's answer must report (the epoch plan's)
   * @throws IllegalStateException before the run starts
   * @throws IllegalArgumentException when {@code expectedCounts} does not have P entries
   */
  public Map<W, int[]> startStep(long step, int[] expectedCounts) {
    if (assignment.workers().isEmpty()) {
      throw new IllegalStateException("a step cannot start without workers");
    }
    if (expectedCounts.length != partitions) {
      throw new IllegalArgumentException(
          "expected " + partitions + " sample counts, found " + expectedCounts.length);
    }
    this.step = step;
    this.expectedCounts = expectedCounts.clone();
    Map<W, List<Integer>> asks = new LinkedHashMap<>();
    for (int p = 0; p < partitions; p++) {
      W owner = assignment.owner(p);
      awaited.set(p, owner);
      asked.get(p).clear();
      asked.get(p).add(owner);
      asks.computeIfAbsent(owner, k -> new ArrayList<>()).add(p);
    }
    return toArrays(asks);
  }

  /**
   * Judges an answer from {@code from} (who it says it is: the worker it was asked of). Ignored:
   * an answer to an earlier step or before the first (late), one from a worker that is no member
   * (given up on), or a repeat. Faulty, from a member: an answer to a step not asked yet, for a
   * partition it was not asked for at this step, with the wrong number of values or samples (a
   * short array would read past its end in the mean; a wrong count would change the mean's
   * divisor) or more correct predictions than samples. Taken otherwise, and the step stops
   * waiting for that partition.
   */
  public Judgement answered(W from, Protocol.Gradient g) {
    if (step < 0 || g.step() < step || !assignment.contains(from)) {
      return Judgement.IGNORE;
    }
    String where = "partition " + g.partition() + " of step " + (g.step() + 1);
    if (g.step() > step) {
      return Judgement.faulty("answered " + where + ", a step not asked yet");
    }
    if (g.partition() < 0 || g.partition() >= partitions) {
      return Judgement.faulty("answered partition " + g.partition() + ", which does not exist (P = " + partitions + ")");
    }
    if (!asked.get(g.partition()).contains(from)) {
      return Judgement.faulty("answered " + where + ", which it was not asked for");
    }
    int length = g.gradient() == null ? -1 : g.gradient().length;
    if (length != parameterCount) {
      return Judgement.faulty("sent a gradient of " + length + " values for " + where
          + ", expected " + parameterCount);
    }
    int expected = expectedCounts[g.partition()];
    if (g.count() != expected) {
      return Judgement.faulty("reported " + g.count() + " samples for " + where + ", expected " + expected);
    }
    if (g.correct() < 0 || g.correct() > g.count()) {
      return Judgement.faulty("reported " + g.correct() + " correct of " + g.count() + " samples for " + where);
    }
    if (awaited.get(g.partition()) == null) {
      return Judgement.IGNORE; // a repeat: the step has this partition already
    }
    awaited.set(g.partition(), null);
    return Judgement.TAKE;
  }

  /** The workers whose answers the current step still waits for, in partition order: silent ones at a timeout. */
  public List<W> awaited() {
    List<W> silent = new ArrayList<>();
    for (W w : awaited) {
      if (w != null && !silent.contains(w)) {
        silent.add(w);
      }
    }
    return silent;
  }

  private static <W> Map<W, int[]> toArrays(Map<W, List<Integer>> lists) {
    Map<W, int[]> arrays = new LinkedHashMap<>();
    lists.forEach((w, ps) -> arrays.put(w, ps.stream().mapToInt(Integer::intValue).toArray()));
    return arrays;
  }
}
