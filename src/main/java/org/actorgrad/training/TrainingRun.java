package org.actorgrad.training;

import java.util.ArrayList;
import java.util.List;
import org.actorgrad.model.BatchStats;
import org.actorgrad.optim.LearningRateSchedule;
import org.actorgrad.optim.Optimizer;
import org.actorgrad.optim.OptimizerSpec;

/**
 * The moving part of a run: parameters, optimiser, position (epoch, step) and the current epoch's
 * running figures. Pure state without actors; the coordinator drives it, tests drive it directly.
 * Parameters are replaced, never mutated, once handed out: workers may still be reading them.
 */
public final class TrainingRun {
  private final TrainingPlan plan;
  private final Optimizer optimizer;
  private final LearningRateSchedule schedule;
  private final float[] mean; // (parameterCount) scratch for the step's mean gradient
  private final List<EpochMetrics> history;
  private float[] params; // (parameterCount)
  private float[] spare; // (parameterCount) the weights of two steps back, overwritten by the next step
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
   * Everything needed to continue exactly, copied: the optimiser's arrays change in place every
   * step, and the parameter array is reused two steps later (a checkpoint is written while the
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

  /** The current parameters. Never mutated: the next step makes a new array. */
  public float[] params() {
    return params;
  }

  public Optimizer optimizer() {
    return optimizer;
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
   * Applies a complete step: mean of the partition gradients in partition order, one optimiser
   * update on a fresh copy of the parameters, then the position moves on.
   *
   * @throws TrainingException when the loss or the gradient is not finite
   */
  public void apply(StepState step) {
    if (step.step() != globalStep) {
      throw new IllegalStateException("step " + step.step() + " applied at step " + globalStep);
    }
    StepMath.meanGradient(mean, step.gradients(), step.sampleCount());
    if (!Double.isFinite(step.lossSum()) || !StepMath.allFinite(mean)) {
      throw new TrainingException(String.format(
          "loss became %s at epoch %d step %d; try a lower --lr (now %s)",
          Double.isNaN(step.lossSum()) ? "NaN" : "infinite", epoch + 1, stepInEpoch + 1,
          plan.config().learningRate()));
    }
    for (float[] gradient : step.gradients()) {
      FloatArrays.giveBack(gradient); // summed into the mean: read by nothing any more
    }
    // The new weights go into the array of two steps back: every worker that read it answered a
    // step that is complete, so an answer still computed from it is refused as out of date; the
    // weights that the step's workers read are left as they are. Reusing it, instead of a new
    // 400 KB array per step, keeps the coordinator's young collections out of the step loop.
    float[] next = spare != null ? spare : new float[params.length];
    System.arraycopy(params, 0, next, 0, params.length);
    optimizer.update(next, mean, schedule.at(globalStep));
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
