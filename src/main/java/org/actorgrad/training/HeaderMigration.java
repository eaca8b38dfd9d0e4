package org.actorgrad.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actorgrad.checkpoint.Checkpoint;
import org.actorgrad.data.ClassList;
import org.actorgrad.data.Dataset;

/**
 * Run headers written by older builds in today's layout, so their runs still resume and their
 * models still load. Three steps, the second and third also for headers already in the current layout:
 *
 * <ol>
 *   <li>Headers written before {@link RunHeader} (no {@code math_revision}) split the math between
 *       {@code network} (layers, loss) and {@code training} (the rest, plus epochs), kept the
 *       optimiser's step count in {@code optimizer_steps} and named no state tensors (they are the
 *       {@code optim.*} tensors). They are math revision 1.
 *   <li>Headers written before {@code data.shape} and {@code data.class_names} existed get them:
 *       the shape 1 x side x side when {@code network.inputs} is a square (784: 28 x 28), else one
 *       row of the inputs (1 x 1 x inputs); the names the data set is known to have
 *       ({@link ClassList#forDataset}), else the label numbers.
 *   <li>Headers written before runs had ids get {@code run_id} "".
 * </ol>
 *
 * Anything this does not recognise is passed on unchanged, for the binding to report.
 */
final class HeaderMigration {
  private static final String OPTIM = "optim.";

  private HeaderMigration() {}

  /** The header in the current layout: as it is, or moved from an older one. */
  static Map<String, Object> current(Checkpoint c) {
    return withRunId(withDataShape(fromFirstLayout(c)));
  }

  /** Step 3: headers written before runs had ids get the empty one. */
  private static Map<String, Object> withRunId(Map<String, Object> h) {
    if (h.containsKey("run_id")) {
      return h;
    }
    Map<String, Object> out = new LinkedHashMap<>(h);
    out.put("run_id", "");
    return out;
  }

  /** Step 1: the first layout moved to the current one; any other header as it is. */
  private static Map<String, Object> fromFirstLayout(Checkpoint c) {
    Map<String, Object> h = c.header();
    if (h.containsKey("math_revision") || !(h.get("training") instanceof Map<?, ?> training)
        || !(h.get("network") instanceof Map<?, ?> network)) {
      return h;
    }
    Map<String, Object> math = new LinkedHashMap<>();
    move(network, math, "layers", "loss");
    move(training, math, "optimizer", "lr", "schedule", "batch_size", "partitions", "seed", "validation", "limit");
    Map<String, Object> shape = new LinkedHashMap<>();
    move(network, shape, "inputs", "classes", "parameters");
    List<Object> states = new ArrayList<>();
    for (String name : c.tensors().keySet()) {
      if (name.startsWith(OPTIM)) {
        states.add(name.substring(OPTIM.length()));
      }
    }
    Map<String, Object> optimizer = new LinkedHashMap<>();
    if (h.containsKey("optimizer_steps")) {
      optimizer.put("steps", h.get("optimizer_steps"));
    }
    optimizer.put("tensors", states);
    List<Object> metrics = new ArrayList<>();
    if (h.get("metrics") instanceof List<?> rows) {
      for (Object row : rows) { // rows written before "steps" existed count 0 steps
        if (row instanceof Map<?, ?> m && !m.containsKey("steps")) {
          Map<Object, Object> withSteps = new LinkedHashMap<>(m);
          withSteps.put("steps", 0L);
          metrics.add(withSteps);
        } else {
          metrics.add(row);
        }
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", h.get("kind"));
    out.put("math_revision", 1L);
    out.put("math", math);
    if (training.containsKey("epochs")) {
      out.put("epochs", training.get("epochs"));
    }
    out.put("network", shape);
    for (String section : List.of("data", "position")) {
      if (h.containsKey(section)) {
        out.put(section, h.get(section));
      }
    }
    out.put("optimizer_state", optimizer);
    out.put("metrics", h.get("metrics") instanceof List<?> ? metrics : h.get("metrics"));
    for (String field : List.of("val_accuracy", "finished", "test_loss", "test_accuracy")) {
      if (h.containsKey(field)) {
        out.put(field, h.get(field));
      }
    }
    return out;
  }

  /**
   * Step 2: {@code data.shape} and {@code data.class_names} filled in when absent, from
   * {@code network.inputs} and {@code network.classes}. When those are not usable numbers the
   * fields are filled empty (not left out, which the binding would report as the first problem):
   * the binding then reports the network's field, which it reads before {@code data}.
   */
  private static Map<String, Object> withDataShape(Map<String, Object> h) {
    if (!(h.get("data") instanceof Map<?, ?> data) || !(h.get("network") instanceof Map<?, ?> network)
        || (data.containsKey("shape") && data.containsKey("class_names"))) {
      return h;
    }
    Map<Object, Object> filled = new LinkedHashMap<>(data);
    if (!data.containsKey("shape")) {
      if (network.get("inputs") instanceof Long inputs && inputs >= 1 && inputs <= Integer.MAX_VALUE) {
        long side = Math.round(Math.sqrt(inputs));
        filled.put("shape", side * side == inputs ? List.of(1L, side, side) : List.of(1L, 1L, inputs));
      } else {
        filled.put("shape", List.of());
      }
    }
    // At most Dataset.MAX_CLASSES names are made up: the header is untrusted, and no older build
    // trained more classes (they all trained 10).
    if (!data.containsKey("class_names")) {
      if (network.get("classes") instanceof Long classes && classes >= 2 && classes <= Dataset.MAX_CLASSES) {
        String dataset = data.get("dataset") instanceof String name ? name : "";
        filled.put("class_names", List.copyOf(ClassList.forDataset(dataset, (int) (long) classes)));
      } else {
        filled.put("class_names", List.of());
      }
    }
    Map<String, Object> out = new LinkedHashMap<>(h);
    out.put("data", filled);
    return out;
  }

  private static void move(Map<?, ?> from, Map<String, Object> to, String... names) {
    for (String name : names) {
      if (from.containsKey(name)) {
        to.put(name, from.get(name));
      }
    }
  }
}
