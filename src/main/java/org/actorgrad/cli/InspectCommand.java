package org.actorgrad.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.actorgrad.checkpoint.Checkpoint;
import org.actorgrad.checkpoint.CheckpointException;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.actorgrad.checkpoint.CheckpointStore;
import org.actorgrad.checkpoint.HeaderBinding;
import org.actorgrad.checkpoint.HeaderJson;
import org.actorgrad.model.Fingerprint;
import org.actorgrad.training.RunCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trainer inspect CHECKPOINT}: what a checkpoint holds, verified, in human terms; given a run
 * folder, where its run stands ({@link RunStatus}) and then its model or newest usable checkpoint
 * (each newer, damaged one named on stderr with why it was skipped). A run's
 * checkpoint (header kind {@code actorgrad-run}) is also validated field by field; a problem is one
 * line on stderr and exit code 1.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {"Verify a checkpoint and print its header, metrics history, tensors and weights fingerprint.",
        "Given a run folder, first says where its run stands and how to continue a stopped one."})
public final class InspectCommand implements Callable<Integer> {
  static final String METRICS = "metrics";

  @Parameters(paramLabel = "CHECKPOINT", description = "a checkpoint or model file (*.agc), or a run folder: where its run"
      + " stands (finished, still training, or stopped at epoch E, step S), then its model or newest checkpoint")
  Path checkpoint;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Path file = checkpoint;
    if (java.nio.file.Files.isDirectory(checkpoint)) { // a run folder (or its checkpoints): where it stands, then its newest file
      RunStatus status = RunStatus.of(RunStatus.runFolderOf(checkpoint)).orElse(null);
      if (status == null) {
        spec.commandLine().getErr().println("error: " + UserErrors.oneLine(checkpoint + " is a folder, but not a run's"
            + " (no model.agc, no checkpoints/): name a checkpoint file or a run folder"));
        return 1;
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "run         %s: %s%n", status.folder(), UserErrors.oneLine(status.state()
          + (status.finished() ? "" : "; " + status.wayOn())));
      out.flush();
      file = status.finished() ? status.folder().resolve(RunStatus.MODEL) : status.newest();
      if (!status.finished()) { // newer checkpoints than the one shown are damaged: say which, and why
        for (CheckpointStore.Damaged d : status.skipped()) {
          spec.commandLine().getErr().println(UserErrors.oneLine("warning: skipping damaged checkpoint " + d.file()
              + ": " + d.reason() + (file == null ? "" : "; showing the newest usable one, " + file.getFileName())));
        }
        spec.commandLine().getErr().flush();
      }
      if (file == null) {
        return 0; // said above: no checkpoint to show
      }
    }
    return inspect(file);
  }

  private int inspect(Path checkpoint) {
    CheckpointFormat.FileContents contents;
    try {
      contents = CheckpointFormat.readFile(checkpoint);
    } catch (CheckpointException e) {
      spec.commandLine().getErr().println("error: " + UserErrors.oneLine(e.getMessage()));
      return 1;
    }
    Checkpoint c = contents.checkpoint();
    Map<String, Object> header = c.header();
    if (RunCheckpoint.isRun(c)) {
      // A run's header is shown as it reads back: validated, in today's layout, revision included.
      try {
        header = HeaderBinding.toHeader(RunCheckpoint.read(c).header());
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("error: " + UserErrors.oneLine(checkpoint + ": " + e.getMessage()));
        return 1;
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "checkpoint  %s%n", checkpoint);
    out.printf(Locale.ROOT, "format      version %d, %,d bytes, CRC32C verified%n", contents.version(), contents.bytes());

    List<Map<?, ?>> metrics = metricsRows(header.get(METRICS));
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : header.entrySet()) {
      if (e.getKey().equals(METRICS) && metrics != null) {
        fields.put(METRICS, metrics.size() + " epochs, see below");
      } else {
        flatten(fields, e.getKey(), e.getValue());
      }
    }
    out.println("header");
    printAligned(out, fields);

    if (metrics != null && !metrics.isEmpty()) {
      out.println(METRICS);
      printTable(out, metrics);
    }

    long floats = 0;
    int digits = 1;
    for (float[] t : c.tensors().values()) {
      floats += t.length;
      digits = Math.max(digits, String.format(Locale.ROOT, "%,d", t.length).length());
    }
    Map<String, String> sizes = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> t : c.tensors().entrySet()) {
      sizes.put(t.getKey(), String.format(Locale.ROOT, "%," + digits + "d floats  %s", t.getValue().length,
          bytes(4L * t.getValue().length)));
    }
    out.printf(Locale.ROOT, "tensors     %d, %,d floats%n", c.tensors().size(), floats);
    printAligned(out, sizes);

    float[] params = c.tensors().get(Checkpoint.PARAMS);
    out.println("weights sha256: " + (params == null ? "(no \"params\" tensor)" : Fingerprint.sha256(params)));
    out.flush();
    return 0;
  }

  /** The metrics history as table rows if it is a list of objects, else null (shown as a field). */
  private static List<Map<?, ?>> metricsRows(Object value) {
    if (!(value instanceof List<?> list)) {
      return null;
    }
    List<Map<?, ?>> rows = new ArrayList<>();
    for (Object row : list) {
      if (!(row instanceof Map<?, ?> m)) {
        return null;
      }
      rows.add(m);
    }
    return rows;
  }

  /** Nested objects become dotted names, so every field is one line: spec.hidden  128. */
  private static void flatten(Map<String, String> out, String name, Object value) {
    if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        flatten(out, name + "." + e.getKey(), e.getValue());
      }
    } else {
      out.put(name, text(value));
    }
  }

  private static void printAligned(PrintWriter out, Map<String, String> rows) {
    int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
    for (Map.Entry<String, String> r : rows.entrySet()) {
      out.printf(Locale.ROOT, "  %-" + width + "s  %s%n", r.getKey(), r.getValue());
    }
  }

  /** Columns are the keys in order of first appearance, so extra per-epoch figures show too. */
  private static void printTable(PrintWriter out, List<Map<?, ?>> rows) {
    List<String> columns = new ArrayList<>();
    for (Map<?, ?> row : rows) {
      for (Object key : row.keySet()) {
        if (!columns.contains(key.toString())) {
          columns.add(key.toString());
        }
      }
    }
    List<String[]> cells = new ArrayList<>();
    cells.add(columns.toArray(new String[0]));
    for (Map<?, ?> row : rows) {
      String[] line = new String[columns.size()];
      for (int i = 0; i < line.length; i++) {
        line[i] = cell(row.get(columns.get(i)));
      }
      cells.add(line);
    }
    int[] width = new int[columns.size()];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    for (String[] line : cells) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        s.append("  ").append(String.format(Locale.ROOT, "%-" + width[i] + "s", line[i]));
      }
      out.println(s.toString().stripTrailing());
    }
  }

  private static String cell(Object v) {
    if (v == null) {
      return "-";
    }
    if (v instanceof Double d) {
      double a = Math.abs(d);
      return String.format(Locale.ROOT, a != 0 && (a < 1e-3 || a >= 1e6) ? "%.3e" : "%.4f", d);
    }
    return text(v);
  }

  /** Strings as they are, unless a control character (a newline, say) would break the layout. */
  private static String text(Object v) {
    return v instanceof String s && s.chars().allMatch(ch -> ch >= 0x20) ? s : HeaderJson.compact(v);
  }

  private static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    return n < 1024 * 1024
        ? String.format(Locale.ROOT, "%.1f KiB", n / 1024.0)
        : String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
  }
}
