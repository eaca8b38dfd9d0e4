package org.actorgrad.training;

/**
 * The gradients gathered so far for one step: which partitions have answered and with what.
 * Pure bookkeeping, tested without actors. A late answer for another step is ignored; a second
 * answer for a partition is ignored too (it is bit-identical anyway: a gradient depends only on
 * step, partition and parameters, not on who computed it).
 */
public final class StepState {
  private final long step;
  private final float[][] gradients; // (P) each (parameterCount), null until answered
  private final double[] lossSums; // (P)
  private final int[] correct; // (P)
  private final int[] counts; // (P)
  private int answered;
  private long computeNanos;

  public StepState(long step, int partitions) {
    this.step = step;
    this.gradients = new float[partitions][];
    this.lossSums = new double[partitions];
    this.correct = new int[partitions];
    this.counts = new int[partitions];
  }

  public long step() {
    return step;
  }

  /** Records an answer; returns false when it belongs to another step or repeats one. */
  public boolean accept(Protocol.Gradient g) {
    if (g.step() != step || g.partition() < 0 || g.partition() >= gradients.length) {
      return false;
    }
    if (gradients[g.partition()] != null) {
      return false;
    }
    gradients[g.partition()] = g.gradient();
    lossSums[g.partition()] = g.lossSum();
    correct[g.partition()] = g.correct();
    counts[g.partition()] = g.count();
    computeNanos += g.computeNanos();
    answered++;
    return true;
  }

  public boolean isComplete() {
    return answered == gradients.length;
  }

  /** The gradients in partition order; only when complete. */
  public float[][] gradients() {
    if (!isComplete()) {
      throw new IllegalStateException("step " + step + " still waits for partitions");
    }
    return gradients;
  }

  /** Time the workers spent computing this step's gradients, summed over partitions. */
  public long computeNanos() {
    return computeNanos;
  }

  public int sampleCount() {
    int n = 0;
    for (int c : counts) {
      n += c;
    }
    return n;
  }

  public int correctCount() {
    int n = 0;
    for (int c : correct) {
      n += c;
    }
    return n;
  }

  /** Summed in partition order, like everything else, so the reported loss is reproducible too. */
  public double lossSum() {
    double s = 0;
    for (double l : lossSums) {
      s += l;
    }
    return s;
  }
}
