package org.actorgrad.training;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actorgrad.checkpoint.Checkpoint;

/**
 * How a run is written into a checkpoint and read back: the header names the network, the math
 * settings, the data set's identity, the position and the metrics history; the tensors hold the
 * parameters ("params") and the optimiser state ("optim.NAME"). A finished run's checkpoint is
 * also its model file.
 */
public final class RunCheckpoint {
  public static final String PARAMS = "params";
  private static final String OPTIM = "optim.";

  private RunCheckpoint() {}

  /** The final figures of a finished run, or null while it trains. */
  public record Outcome(double testLoss, double testAccuracy) {}

  public static Checkpoint of(TrainingPlan plan, TrainingState s, Outcome outcome) {
    TrainingConfig c = plan.config();
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("kind", "actorgrad-run");
    header.put("network", ordered(
        "inputs", plan.setup().inputs(), "classes", plan.setup().classes(),
        "layers", plan.setup().layers(), "loss", plan.setup().loss(),
        "parameters", plan.network().parameterCount()));
    header.put("training", ordered(
        "optimizer", c.optimizer(), "lr", Double.parseDouble(Float.toString(c.learningRate())), "schedule", c.schedule(),
        "epochs", c.epochs(), "batch_size", c.batchSize(), "partitions", c.partitions(),
        "seed", c.seed(), "validation", c.validation(), "limit", c.limit()));
    // shape and class_names let a model predict on a user's own image with no data set at hand.
    int[] shape = plan.shape();
    header.put("data", ordered(
        "dataset", plan.datasetName(), "train_count", plan.fileTrainCount(),
        "test_count", plan.test().count(), "sha256", plan.dataFingerprint(),
        "shape", List.of(shape[0], shape[1], shape[2]), "class_names", plan.classNames()));
    header.put("position", ordered(
        "epoch", s.epoch(), "step_in_epoch", s.stepInEpoch(), "global_step", s.globalStep(),
        "steps_per_epoch", plan.epochPlan().stepsPerEpoch(),
        "epoch_loss", s.epochLoss(), "epoch_correct", s.epochCorrect(),
        "epoch_count", s.epochCount(), "epoch_seconds", s.epochSeconds()));
    header.put("optimizer_steps", s.optimizerSteps());
    List<Object> metrics = new ArrayList<>();
    for (EpochMetrics m : s.history()) {
      metrics.add(ordered("epoch", m.epoch(), "loss", m.loss(), "train_accuracy", m.trainAccuracy(),
          "val_loss", m.validationLoss(), "val_accuracy", m.validationAccuracy(),
          "seconds", m.seconds(), "samples_per_second", m.samplesPerSecond(), "workers", m.workers(),
          "steps", m.steps(), "compute_seconds", m.computeSeconds()));
    }
    header.put("metrics", metrics);
    if (!s.history().isEmpty()) {
      double accuracy = s.history().get(s.history().size() - 1).validationAccuracy();
      if (Double.isFinite(accuracy)) { // NaN without a validation set; JSON has no NaN
        header.put("val_accuracy", accuracy);
      }
    }
    header.put("finished", outcome != null);
    if (outcome != null) {
      header.put("test_loss", outcome.testLoss());
      header.put("test_accuracy", outcome.testAccuracy());
    }
    Map<String, float[]> tensors = new LinkedHashMap<>();
    tensors.put(PARAMS, s.params());
    s.optimizerState().forEach((name, values) -> tensors.put(OPTIM + name, values));
    return new Checkpoint(header, tensors);
  }

  /** The math settings the checkpoint was trained with; scheduling comes from the caller. */
  public static TrainingConfig config(Checkpoint c, int epochs, int workers, int threads, Duration stepTimeout) {
    Map<String, Object> t = section(c, "training");
    Map<String, Object> n = section(c, "network");
    return new TrainingConfig(str(n, "layers"), str(n, "loss"), str(t, "optimizer"),
        (float) num(t, "lr").doubleValue(), str(t, "schedule"), epochs,
        num(t, "batch_size").intValue(), num(t, "partitions").intValue(), num(t, "seed").longValue(),
        num(t, "validation").intValue(), num(t, "limit").intValue(), workers, threads, stepTimeout);
  }

  public static TrainingState state(Checkpoint c) {
    Map<String, Object> p = section(c, "position");
    Map<String, float[]> optimizer = new LinkedHashMap<>();
    c.tensors().forEach((name, values) -> {
      if (name.startsWith(OPTIM)) {
        optimizer.put(name.substring(OPTIM.length()), values);
      }
    });
    List<EpochMetrics> history = new ArrayList<>();
    Object metrics = c.header().get("metrics");
    if (metrics instanceof List<?> list) {
      for (Object o : list) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) o;
        history.add(new EpochMetrics(num(m, "epoch").intValue(), dbl(m, "loss"), dbl(m, "train_accuracy"),
            dbl(m, "val_loss"), dbl(m, "val_accuracy"), dbl(m, "seconds"),
            dbl(m, "samples_per_second"), num(m, "workers").intValue(),
            m.get("steps") instanceof Number s ? s.intValue() : 0, dbl(m, "compute_seconds")));
      }
    }
    float[] params = c.tensors().get(PARAMS);
    if (params == null) {
      throw new IllegalArgumentException("the checkpoint holds no 'params' tensor");
    }
    return new TrainingState(params, ((Number) c.header().get("optimizer_steps")).longValue(), optimizer,
        num(p, "epoch").intValue(), num(p, "step_in_epoch").intValue(), num(p, "global_step").longValue(),
        dbl(p, "epoch_loss"), num(p, "epoch_correct").longValue(), num(p, "epoch_count").longValue(),
        dbl(p, "epoch_seconds"), history);
  }

  public static boolean finished(Checkpoint c) {
    return Boolean.TRUE.equals(c.header().get("finished"));
  }

  public static Map<String, Object> section(Checkpoint c, String name) {
    Object o = c.header().get(name);
    if (!(o instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("the checkpoint has no '" + name + "' section; is it an actorgrad run?");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) o;
    return m;
  }

  static String str(Map<String, Object> m, String key) {
    Object o = m.get(key);
    if (o == null) {
      throw new IllegalArgumentException("the checkpoint lacks '" + key + "'");
    }
    return o.toString();
  }

  static Number num(Map<String, Object> m, String key) {
    if (!(m.get(key) instanceof Number n)) {
      throw new IllegalArgumentException("the checkpoint lacks the number '" + key + "'");
    }
    return n;
  }

  /** NaN is left out of the JSON (it has no NaN); read an absent value back as NaN. */
  private static double dbl(Map<String, Object> m, String key) {
    return m.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static Map<String, Object> ordered(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      Object v = keyValues[i + 1];
      if (!(v instanceof Double d) || Double.isFinite(d)) { // JSON has no NaN: leave it out
        m.put((String) keyValues[i], v);
      }
    }
    return m;
  }
}
