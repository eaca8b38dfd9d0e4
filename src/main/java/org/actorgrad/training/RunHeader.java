package org.actorgrad.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import org.actorgrad.checkpoint.HeaderBinding;
import org.actorgrad.checkpoint.HeaderBinding.Invalid;
import org.actorgrad.data.DataOrigin;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.optim.LearningRateSchedule;
import org.actorgrad.optim.OptimizerSpec;

/**
 * The header of a run's checkpoint, typed: written and read through {@link HeaderBinding}, which
 * names components in snake_case and checks every one is present; each constructor here checks
 * ranges, so a header that binds is one a run can continue from. A {@code double} that is NaN (no
 * validation set, a diverged loss) is left out of the JSON and reads back as NaN.
 *
 * @param kind always {@link #KIND}
 * @param mathRevision {@link MathOptions#REVISION} of the build that wrote it, at least 1
 * @param math the options that define the weights
 * @param epochs epochs the run was asked to train, at least 1 and at least {@code position.epoch}
 * @param network the network's shape and parameter count (layers and loss are in {@code math})
 * @param data which data set the run trains on
 * @param position where in the run the checkpoint was taken
 * @param optimizerState the optimiser's step count and the names of its state tensors
 * @param metrics one row per finished epoch
 * @param valAccuracy the validation accuracy of these weights (the store's "best"): the last epoch's,
 *     when the run stands at an epoch's end; NaN mid-epoch and without a validation split
 * @param finished whether the run ended (its checkpoint is then the model file)
 * @param testLoss test loss of a finished run, else NaN
 * @param testAccuracy test accuracy of a finished run, else NaN
 * @param runId the run's id ({@code 20261207-051101-3fa9}, its folder's name under runs/), kept
 *     when it is resumed; "" for runs written before runs had ids (filled in by {@link HeaderMigration})
 */
public record RunHeader(
    String kind,
    int mathRevision,
    MathOptions math,
    int epochs,
    NetworkShape network,
    DataIdentity data,
    Position position,
    OptimizerState optimizerState,
    List<Epoch> metrics,
    double valAccuracy,
    boolean finished,
    double testLoss,
    double testAccuracy,
    String runId) {

  /** What marks a checkpoint as an actorgrad run's. */
  public static final String KIND = "actorgrad-run";

  public RunHeader {
    if (!KIND.equals(kind)) {
      throw new Invalid("kind", "must be \"" + KIND + "\", found \"" + kind + "\"");
    }
    atLeast("math_revision", mathRevision, 1);
    if (runId.chars().anyMatch(ch -> ch < 0x20 || ch == '/' || ch == '\\')) {
      throw new Invalid("run_id", "must be a folder name, found \"" + runId + "\"");
    }
    atLeast("epochs", epochs, 1);
    if (position.epoch() > epochs) {
      throw new Invalid("position.epoch", "is " + position.epoch() + ", beyond the run's " + epochs + " epochs");
    }
    metrics = List.copyOf(metrics);
    if (data.features() != network.inputs()) {
      throw new Invalid("data.shape", "is " + data.shape() + " (" + data.features() + " values), but network.inputs is "
          + network.inputs());
    }
    if (data.classNames().size() != network.classes()) {
      throw new Invalid("data.class_names", "holds " + data.classNames().size() + " names, but network.classes is "
          + network.classes());
    }
    try {
      OptimizerSpec.parse(math.optimizer());
      LearningRateSchedule.parse(math.schedule(), math.lr(), Long.MAX_VALUE / 2);
      NetworkSpec spec = NetworkSpec.parse(network.inputs(), network.classes(), math.layers(), math.loss());
      long parameters = new Network(spec).parameterCount();
      if (parameters != network.parameters()) {
        throw new Invalid("network.parameters", "is " + network.parameters() + ", but the network "
            + math.layers() + " on " + network.inputs() + " inputs has " + parameters);
      }
    } catch (Invalid e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new Invalid("math", "is not a valid run: " + e.getMessage());
    }
  }

  /** The network besides its layers and loss (which are math). */
  public record NetworkShape(int inputs, int classes, long parameters) {
    public NetworkShape {
      atLeast("inputs", inputs, 1);
      atLeast("classes", classes, 2);
      atLeast("parameters", parameters, 1);
    }
  }

  /**
   * The data set a run trains on: resuming on other data is refused. {@code shape} and
   * {@code class_names} let a model predict on a user's own image with no data set at hand; headers
   * written before they existed get them from {@link HeaderMigration}.
   *
   * @param sha256 {@code LoadedData.fingerprint()}: 64 lower-case hex digits for real data
   * @param shape (channels, rows, cols) of one sample, stored CHW: three positive numbers whose
   *     product is {@code network.inputs} (checked by {@link RunHeader})
   * @param classNames one non-empty name per class 0..K-1, {@code network.classes} of them (checked
   *     by {@link RunHeader})
   * @param origin where the data was read from, so that the model's commands and {@code --resume}
   *     find it again without {@code --data}; null when not known (headers written before it
   *     existed, and data made in memory), and then left out of the header
   */
  public record DataIdentity(String dataset, int trainCount, int testCount, String sha256, List<Integer> shape,
      List<String> classNames,
      @HeaderBinding.MayBeAbsent @JsonInclude(JsonInclude.Include.NON_NULL) DataOrigin origin) {
    public DataIdentity {
      atLeast("train_count", trainCount, 0);
      atLeast("test_count", testCount, 0);
      if (sha256.isEmpty()) { // compared, never parsed: test data sets have made-up fingerprints
        throw new Invalid("sha256", "must not be empty");
      }
      if (shape.size() != 3 || shape.stream().anyMatch(d -> d == null || d < 1)) {
        throw new Invalid("shape", "must be 3 positive numbers [channels, rows, cols], found " + shape);
      }
      shape = List.copyOf(shape);
      if (classNames.stream().anyMatch(n -> n == null || n.isEmpty())) {
        throw new Invalid("class_names", "must be non-empty names, found " + classNames);
      }
      classNames = List.copyOf(classNames);
    }

    /** channels * rows * cols: the inputs of one sample. */
    public long features() {
      return (long) shape.get(0) * shape.get(1) * shape.get(2);
    }
  }

  /**
   * Where the run stands between two steps, and the running sums of the epoch under way.
   *
   * @param epoch epochs finished, 0 or more
   * @param stepInEpoch steps done in the epoch under way: 0 to stepsPerEpoch - 1
   * @param epochLoss sum of the epoch's batch losses so far
   * @param epochSeconds seconds spent in the epoch so far
   */
  public record Position(int epoch, int stepInEpoch, long globalStep, int stepsPerEpoch, double epochLoss,
      long epochCorrect, long epochCount, double epochSeconds) {
    public Position {
      atLeast("epoch", epoch, 0);
      atLeast("steps_per_epoch", stepsPerEpoch, 1);
      if (stepInEpoch < 0 || stepInEpoch >= stepsPerEpoch) {
        throw new Invalid("step_in_epoch", "must be 0 to " + (stepsPerEpoch - 1) + " (steps_per_epoch "
            + stepsPerEpoch + "), found " + stepInEpoch);
      }
      atLeast("global_step", globalStep, 0);
      atLeast("epoch_correct", epochCorrect, 0);
      atLeast("epoch_count", epochCount, epochCorrect);
    }
  }

  /**
   * @param steps optimiser steps taken, 0 or more
   * @param tensors names of its state arrays, each stored as tensor {@code optim.<name>}
   */
  public record OptimizerState(long steps, List<String> tensors) {
    public OptimizerState {
      atLeast("steps", steps, 0);
      tensors = List.copyOf(tensors);
      if (new HashSet<>(tensors).size() != tensors.size() || tensors.stream().anyMatch(String::isEmpty)) {
        throw new Invalid("tensors", "must be distinct non-empty names, found " + tensors);
      }
    }
  }

  /** One finished epoch: the metrics history, also each line of metrics.jsonl, in this order. */
  public record Epoch(int epoch, double loss, double trainAccuracy, double valLoss, double valAccuracy,
      double seconds, double samplesPerSecond, int workers, int steps, double computeSeconds) {
    public Epoch {
      atLeast("epoch", epoch, 1);
      atLeast("workers", workers, 0);
      atLeast("steps", steps, 0);
    }

    public static Epoch of(EpochMetrics m) {
      return new Epoch(m.epoch(), m.loss(), m.trainAccuracy(), m.validationLoss(), m.validationAccuracy(),
          m.seconds(), m.samplesPerSecond(), m.workers(), m.steps(), m.computeSeconds());
    }

    public EpochMetrics metrics() {
      return new EpochMetrics(epoch, loss, trainAccuracy, valLoss, valAccuracy, seconds, samplesPerSecond,
          workers, steps, computeSeconds);
    }
  }

  private static void atLeast(String field, long value, long minimum) {
    if (value < minimum) {
      throw new Invalid(field, String.format(Locale.ROOT, "must be %d or more, found %d", minimum, value));
    }
  }
}
