package org.actorgrad.training;

import java.util.ArrayList;
import java.util.List;
import org.actorgrad.model.BatchStats;
import org.actorgrad.optim.LearningRateSchedule;
import org.actorgrad.optim.Optimizer;
import org.actorgrad.optim.OptimizerSpec;

/**
 * The moving part of a run: parameters, optimiser, position (epoch, step) and the current epoch's
 * running figures. Pure state without actors, used from one thread at a time; the coordinator
 * drives it, tests drive it directly.
 *
 * <p>Which arrays it writes, and when. All writes happen in {@link #apply}:
 * <ul>
 *   <li>The weights: two arrays, taking turns. {@link #params()} returns the current step's; the
 *       step's Compute messages carry that array (by reference to a worker in this JVM, encoded for
 *       the others). {@code apply} of step s writes the weights of step s+1 into the other array,
 *       which held those of step s-1, and leaves step s's as they are; {@code apply} of step s+1
 *       overwrites them. So whoever reads step s's array must be done before step s+1 is applied,
 *       and each one is: step s was applied only with every answer in, a worker answers only after
 *       its last read of the weights, and the stream that encoded them for a worker in another JVM
 *       ran before it could start. The one exception is a worker dropped at a timeout while
 *       computing: it may read overwritten values, and what it answers carries step s, which the
 *       coordinator refuses as out of date. A step's weights therefore never change while the step
 *       runs, and an array holds the weights of a new step number each time it is written (the
 *       cluster's weights cache relies on that). Reusing the array, instead of allocating 400 KB or
 *       more per step, keeps the coordinator's young collections out of the step loop.
 *   <li>The optimiser's state arrays and the mean-gradient scratch: updated in place every step,
 *       never handed out.
 *   <li>The step's gradient arrays: read once, summed into the mean, then read by nothing; given
 *       back to the pool they were decoded from when there is one ({@link #giveGradientsBackTo}).
 * </ul>
 * {@link #snapshot} copies every array it returns, so a checkpoint written on another thread
 * keeps the values it was taken with.
 */
public final class TrainingRun {
  private final TrainingPlan plan;
  private final Optimizer optimizer;
  private final LearningRateSchedule schedule;
  private final float[] mean; // (parameterCount) scratch for the step's mean gradient
  private final List<EpochMetrics> history;
  private float[] params; // (parameterCount) the current step's weights
  private float[] spare; // (parameterCount) the previous step's weights, overwritten by the next apply
  private FloatArrays decodedGradients; // where apply gives summed gradients back, or null
  private int epoch; // 0-based
  private int stepInEpoch;
  private long globalStep;
  private double epochLoss;
  private long epochCorrect;
  private long epochCount;
  private long epochComputeNanos; // not checkpointed: a resumed epoch reports the time it measured
  private double epochSecondsBefore; // of the current epoch, spent before a resume

  private TrainingRun(TrainingPlan plan, float[] params, Optimizer optimizer, List<EpochMetrics> history) {
    this.plan = plan;
    TrainingConfig c = plan.config();
    this.optimizer = optimizer;
    this.schedule = LearningRateSchedule.parse(
        c.schedule(), c.learningRate(), (long) c.epochs() * plan.epochPlan().stepsPerEpoch());
    this.params = params;
    this.mean = new float[params.length];
    this.history = new ArrayList<>(history);
  }

  /** A new run from the seed's initial weights. */
  public static TrainingRun start(TrainingPlan plan) {
    float[] params = plan.network().initialParameters(plan.config().seed());
    Optimizer optimizer = OptimizerSpec.parse(plan.config().optimizer()).create(params.length);
    return new TrainingRun(plan, params, optimizer, List.of());
  }

  /** Continues a run from a snapshot taken by {@link #snapshot}. */
  public static TrainingRun resume(TrainingPlan plan, TrainingState state) {
    int expected = plan.network().parameterCount();
    if (state.params().length != expected) {
      throw new IllegalArgumentException("the checkpoint holds " + state.params().length
          + " parameters but the network needs " + expected);
    }
    Optimizer optimizer = OptimizerSpec.parse(plan.config().optimizer()).create(expected);
    optimizer.restore(state.optimizerSteps(), copy(state.optimizerState()));
    TrainingRun run = new TrainingRun(plan, state.params().clone(), optimizer, state.history());
    run.epoch = state.epoch();
    run.stepInEpoch = state.stepInEpoch();
    run.globalStep = state.globalStep();
    run.epochLoss = state.epochLoss();
    run.epochCorrect = state.epochCorrect();
    run.epochCount = state.epochCount();
    run.epochSecondsBefore = state.epochSeconds();
    return run;
  }

  /**
   * Has {@link #apply} give each step's gradient arrays to {@code decodedGradients} once it has
   * summed them: the pool this node decodes gradients into (a cluster coordinator hands in its
   * serializer's). Without one they are left to the garbage collector. Call it before the run's
   * first step, on the thread that then starts the coordinator.
   */
  public void giveGradientsBackTo(FloatArrays decodedGradients) {
    this.decodedGradients = decodedGradients;
  }

  /**
   * Everything needed to continue exactly, copied: the optimiser's arrays change in place every
   * step, and the weights' array is overwritten one step later (a checkpoint is written while the
   * run goes on).
   *
   * @param epochSeconds seconds spent in the current epoch so far, this session included
   */
  public TrainingState snapshot(double epochSeconds) {
    return new TrainingState(params.clone(), optimizer.steps(), copy(optimizer.state()), epoch,
        stepInEpoch, globalStep, epochLoss, epochCorrect, epochCount, epochSeconds, history());
  }

  private static java.util.Map<String, float[]> copy(java.util.Map<String, float[]> arrays) {
    java.util.Map<String, float[]> copy = new java.util.LinkedHashMap<>();
    arrays.forEach((name, values) -> copy.put(name, values.clone()));
    return copy;
  }

  /** Samples trained on in the current epoch so far. */
  public long epochSamples() {
    return epochCount;
  }

  /** Mean training loss per sample over the current epoch so far; NaN before its first step. */
  public double runningLoss() {
    return epochCount == 0 ? Double.NaN : epochLoss / epochCount;
  }

  /** Seconds of the current epoch spent before this session resumed it. */
  public double epochSecondsBefore() {
    return epochSecondsBefore;
  }

  public TrainingPlan plan() {
    return plan;
  }

  /**
   * The current step's weights (parameterCount). The run's own array: read it, never write it.
   * It keeps these values until the step after the current one is applied (see the class comment);
   * once the run is finished, for good.
   */
  public float[] params() {
    return params;
  }

  public int epoch() {
    return epoch;
  }

  public int stepInEpoch() {
    return stepInEpoch;
  }

  public long globalStep() {
    return globalStep;
  }

  public List<EpochMetrics> history() {
    return List.copyOf(history);
  }

  public boolean finished() {
    return epoch >= plan.config().epochs();
  }

  public boolean atEpochEnd() {
    return stepInEpoch == plan.epochPlan().stepsPerEpoch();
  }

  /** The samples (positions in the partition) that partition p contributes to the current step. */
  public int[] positions(int partition) {
    return plan.epochPlan().positions(epoch, stepInEpoch, partition);
  }

  public StepState newStep() {
    return new StepState(globalStep, plan.partitions());
  }

  /**
   * Applies a complete step: mean of the partition gradients in partition order (checked finite in
   * the same pass), one optimiser update from the current weights into the array of the previous
   * step's weights (see the class comment), then the position moves on.
   *
   * @throws TrainingException when the loss or the gradient is not finite
   */
  public void apply(StepState step) {
    if (step.step() != globalStep) {
      throw new IllegalStateException("step " + step.step() + " applied at step " + globalStep);
    }
    boolean finite = StepMath.meanGradientAllFinite(mean, step.gradients(), step.sampleCount());
    if (!Double.isFinite(step.lossSum()) || !finite) {
      throw new TrainingException(String.format(
          "loss became %s at epoch %d step %d; try a lower --lr (now %s)",
          Double.isNaN(step.lossSum()) ? "NaN" : "infinite", epoch + 1, stepInEpoch + 1,
          plan.config().learningRate()));
    }
    if (decodedGradients != null) {
      for (float[] gradient : step.gradients()) {
        decodedGradients.giveBack(gradient); // summed into the mean: read by nothing any more
      }
    }
    // The previous step's array: its readers are done (the class comment says why). The update
    // writes into it from params, which it only reads: the bits of a copy and an in-place update.
    float[] next = spare != null ? spare : new float[params.length];
    optimizer.update(next, params, mean, schedule.at(globalStep));
    spare = params;
    params = next;
    epochLoss += step.lossSum();
    epochCorrect += step.correctCount();
    epochCount += step.sampleCount();
    epochComputeNanos += step.computeNanos();
    stepInEpoch++;
    globalStep++;
  }

  /** Ends the epoch with its validation figures; returns the epoch's metrics. */
  public EpochMetrics closeEpoch(BatchStats validation, double seconds, int workers) {
    if (!atEpochEnd()) {
      throw new IllegalStateException("epoch " + (epoch + 1) + " is not over");
    }
    EpochMetrics m = new EpochMetrics(
        epoch + 1,
        epochLoss / epochCount,
        (double) epochCorrect / epochCount,
        validation.count() == 0 ? Double.NaN : validation.lossSum() / validation.count(),
        validation.count() == 0 ? Double.NaN : (double) validation.correct() / validation.count(),
        seconds,
        epochCount / seconds,
        workers,
        plan.epochPlan().stepsPerEpoch(),
        epochComputeNanos / 1e9);
    history.add(m);
    epoch++;
    stepInEpoch = 0;
    epochLoss = 0;
    epochCorrect = 0;
    epochCount = 0;
    epochComputeNanos = 0;
    epochSecondsBefore = 0;
    return m;
  }
}
