package org.actorgrad.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.actorgrad.data.Dataset;
import org.actorgrad.data.LoadedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code trainer show --index N}: an ASCII-art preview of one image, with the model's guess. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Shows one image as ASCII art, with the model's prediction when --model is given.")
final class ShowCommand implements Callable<Integer> {
  private static final String SHADES = " .:-=+*#%@"; // dark to bright, 10 levels

  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin ImageOptions image;

  @Mixin ModelOptions model;

  @Override
  public Integer call() throws Exception {
    // The model first: one that cannot be read (a stopped run's, say) fails before anything is shown.
    ModelFile.Loaded m = modelPath().map(ModelFile::load).orElse(null);
    LoadedData loaded = m == null ? data.load(spec.commandLine().getParseResult(), false)
        : data.loadFor(m.header().data(), spec.commandLine().getParseResult(), false);
    Dataset set = image.dataset(loaded);
    if (m != null) {
      m.requireInputs(set); // before the picture: a refused pair prints its one line only
    }
    PrintWriter out = spec.commandLine().getOut();
    List<String> names = loaded.classNames();
    float[] x = new float[set.features()];
    set.fill(x, new int[1], new int[] {image.index}, 0, 1);
    out.printf(Locale.ROOT, "%s image %d, label %s%n", image.set, image.index, names.get(set.label(image.index)));
    String border = "+" + "-".repeat(set.cols() * 2) + "+";
    out.println(border);
    for (int r = 0; r < set.rows(); r++) {
      StringBuilder line = new StringBuilder("|");
      for (int c = 0; c < set.cols(); c++) {
        char ch = SHADES.charAt(Math.min(SHADES.length() - 1, (int) (x[r * set.cols() + c] * SHADES.length())));
        line.append(ch).append(ch); // two columns per pixel: terminal cells are twice as tall as wide
      }
      out.println(line.append('|'));
    }
    out.println(border);
    if (m != null) {
      DataMismatch.warning(m.header(), loaded).ifPresent(w -> {
        spec.commandLine().getErr().println("warning: " + w);
        spec.commandLine().getErr().flush();
      });
      float[] p = m.probabilities(set, image.index);
      Integer[] order = Top.order(p);
      String name = order[0] < names.size() ? names.get(order[0]) : order[0].toString();
      out.printf(Locale.ROOT, "model says: %s (confidence %.1f%%)%n", name, 100 * p[order[0]]);
    }
    out.flush();
    return 0;
  }

  /**
   * The model whose prediction is printed: {@code --model}; else, when no data option names the
   * images, the newest run's model if there is one (as {@code evaluate} and {@code predict} read
   * it), so that {@code show --index 3} after a run shows that run's data and prediction instead of
   * looking for MNIST; else none (the image alone).
   */
  private java.util.Optional<java.nio.file.Path> modelPath() {
    if (model.model != null) {
      return java.util.Optional.of(model.model);
    }
    var given = spec.commandLine().getParseResult();
    boolean dataNamed = given.hasMatchedOption("--data") || given.hasMatchedOption("--dataset")
        || given.hasMatchedOption("--test-data");
    java.nio.file.Path newest = model.path();
    return !dataNamed && java.nio.file.Files.isRegularFile(newest) ? java.util.Optional.of(newest) : java.util.Optional.empty();
  }
}
