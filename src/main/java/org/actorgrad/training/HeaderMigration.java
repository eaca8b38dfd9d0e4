package org.actorgrad.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actorgrad.checkpoint.Checkpoint;

/**
 * Run headers written before {@link RunHeader} (no {@code math_revision}) in today's layout, so
 * their runs still resume and their models still load. Those headers split the math between
 * {@code network} (layers, loss) and {@code training} (the rest, plus epochs), kept the optimiser's
 * step count in {@code optimizer_steps} and named no state tensors (they are the {@code optim.*}
 * tensors). They are math revision 1. Anything this does not recognise is passed on unchanged, for
 * the binding to report.
 */
final class HeaderMigration {
  private static final String OPTIM = "optim.";

  private HeaderMigration() {}

  /** The header in the current layout: as it is, or moved from the first layout. */
  static Map<String, Object> current(Checkpoint c) {
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

  private static void move(Map<?, ?> from, Map<String, Object> to, String... names) {
    for (String name : names) {
      if (from.containsKey(name)) {
        to.put(name, from.get(name));
      }
    }
  }
}
