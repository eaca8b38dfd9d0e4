package org.actorgrad.training;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actorgrad.checkpoint.Checkpoint;
import org.actorgrad.checkpoint.HeaderBinding;

/**
 * How a run is written into a checkpoint and read back: the header is a {@link RunHeader}; the
 * tensors hold the parameters ({@link Checkpoint#PARAMS}) and the optimiser state
 * ({@code optim.NAME}, one per name in the header). A finished run's checkpoint is also its model
 * file.
 */
public final class RunCheckpoint {
  private static final String OPTIM = "optim.";

  private RunCheckpoint() {}

  /** The final figures of a finished run, or null while it trains. */
  public record Outcome(double testLoss, double testAccuracy) {}

  /** A run's checkpoint, its header validated and its tensors checked against the header. */
  public record Run(RunHeader header, TrainingState state) {}

  /** The checkpoint of {@code s}, a snapshot of a run of {@code plan}; {@code outcome} null while it trains. */
  public static Checkpoint of(TrainingPlan plan, TrainingState s, Outcome outcome) {
    List<RunHeader.Epoch> metrics = s.history().stream().map(RunHeader.Epoch::of).toList();
    // The validation accuracy belongs to the weights of an epoch's end only: mid-epoch, the last
    // epoch's figure would describe other weights, and the store would make them best.agc.
    double valAccuracy = metrics.isEmpty() || s.stepInEpoch() != 0
        ? Double.NaN : metrics.get(metrics.size() - 1).valAccuracy();
    RunHeader header = new RunHeader(RunHeader.KIND, MathOptions.REVISION, plan.config().math(),
        plan.config().epochs(),
        new RunHeader.NetworkShape(plan.setup().inputs(), plan.setup().classes(), plan.network().parameterCount()),
        new RunHeader.DataIdentity(plan.datasetName(), plan.fileTrainCount(), plan.test().count(),
            plan.dataFingerprint(), shape(plan), plan.classNames(), plan.dataOrigin()),
        new RunHeader.Position(s.epoch(), s.stepInEpoch(), s.globalStep(), plan.epochPlan().stepsPerEpoch(),
            s.epochLoss(), s.epochCorrect(), s.epochCount(), s.epochSeconds()),
        new RunHeader.OptimizerState(s.optimizerSteps(), List.copyOf(s.optimizerState().keySet())),
        metrics, valAccuracy, outcome != null,
        outcome == null ? Double.NaN : outcome.testLoss(), outcome == null ? Double.NaN : outcome.testAccuracy(),
        plan.runId());
    Map<String, float[]> tensors = new LinkedHashMap<>();
    tensors.put(Checkpoint.PARAMS, s.params());
    s.optimizerState().forEach((name, values) -> tensors.put(OPTIM + name, values));
    return new Checkpoint(HeaderBinding.toHeader(header), tensors);
  }

  /** The checkpoint a {@link #read} gave {@code run} from, written again (a finished run's: its model file). */
  public static Checkpoint of(Run run) {
    Map<String, float[]> tensors = new LinkedHashMap<>();
    tensors.put(Checkpoint.PARAMS, run.state().params());
    run.state().optimizerState().forEach((name, values) -> tensors.put(OPTIM + name, values));
    return new Checkpoint(HeaderBinding.toHeader(run.header()), tensors);
  }

  /** (channels, rows, cols) of the plan's samples, as the header stores them. */
  private static List<Integer> shape(TrainingPlan plan) {
    int[] s = plan.shape();
    return List.of(s[0], s[1], s[2]);
  }

  /** Whether the checkpoint claims to be a run's (its other fields may still be wrong). */
  public static boolean isRun(Checkpoint c) {
    return RunHeader.KIND.equals(c.header().get("kind"));
  }

  /**
   * The typed header alone (the model file needs no optimiser state); throws
   * IllegalArgumentException with one line naming the first field that is missing, mistyped or out
   * of range.
   */
  public static RunHeader header(Checkpoint c) {
    if (!isRun(c)) {
      throw new IllegalArgumentException("not an actorgrad run's checkpoint (its header kind is "
          + (c.header().containsKey("kind") ? org.actorgrad.checkpoint.HeaderJson.compact(c.header().get("kind")) : "missing")
          + ", expected \"" + RunHeader.KIND + "\")");
    }
    return HeaderBinding.fromHeader(HeaderMigration.current(c), RunHeader.class);
  }

  /** Header and state, the tensors checked against the header; throws IllegalArgumentException, one line. */
  public static Run read(Checkpoint c) {
    RunHeader h = header(c);
    float[] params = c.tensors().get(Checkpoint.PARAMS);
    if (params == null || params.length != h.network().parameters()) {
      throw new IllegalArgumentException("tensor params holds " + (params == null ? "nothing" : params.length
          + " floats") + ", the header's network has " + h.network().parameters() + " parameters");
    }
    requireFinite(Checkpoint.PARAMS, params);
    Map<String, float[]> optimizer = new LinkedHashMap<>();
    for (String name : h.optimizerState().tensors()) {
      float[] values = c.tensors().get(OPTIM + name);
      if (values == null) {
        throw new IllegalArgumentException("the header names optimiser state '" + name + "' but there is no tensor "
            + OPTIM + name);
      }
      // Every optimiser keeps one value per parameter in each of its state arrays.
      if (values.length != params.length) {
        throw new IllegalArgumentException("tensor " + OPTIM + name + " holds " + values.length
            + " floats, one per parameter would be " + params.length);
      }
      requireFinite(OPTIM + name, values);
      optimizer.put(name, values);
    }
    for (String name : c.tensors().keySet()) {
      if (name.startsWith(OPTIM) && !optimizer.containsKey(name.substring(OPTIM.length()))) {
        throw new IllegalArgumentException("tensor " + name + " is not among the header's optimizer_state.tensors "
            + h.optimizerState().tensors());
      }
    }
    List<EpochMetrics> history = new ArrayList<>();
    h.metrics().forEach(m -> history.add(m.metrics()));
    RunHeader.Position p = h.position();
    return new Run(h, new TrainingState(params, h.optimizerState().steps(), optimizer, p.epoch(),
        p.stepInEpoch(), p.globalStep(), p.epochLoss(), p.epochCorrect(), p.epochCount(), p.epochSeconds(),
        history));
  }

  /**
   * Throws IllegalArgumentException (one line) when {@code values} holds a NaN or an infinity: a
   * checksum proves the bytes are those written, not that they are a state worth evaluating,
   * resuming or keeping as best.agc (a diverged run's, or a file altered and re-checksummed).
   */
  public static void requireFinite(String tensor, float[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        int bad = 0;
        for (float v : values) {
          bad += Float.isFinite(v) ? 0 : 1;
        }
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
            "tensor %s holds %s at index %,d (%,d of its %,d values are not finite): not a state to use",
            tensor, values[i], i, bad, values.length));
      }
    }
  }

  /** The checkpoint's math with this session's epochs and scheduling. */
  public static TrainingConfig config(RunHeader h, int epochs, int workers, int threads, Duration stepTimeout) {
    return new TrainingConfig(h.math(), epochs, workers, threads, stepTimeout);
  }
}
