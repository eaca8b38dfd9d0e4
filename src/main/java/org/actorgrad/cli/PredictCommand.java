package org.actorgrad.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.actorgrad.data.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code trainer predict --index N}: the model's answer for one image, with its top 3. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Predicts the class of one image with a trained model.")
final class PredictCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOptions model;
  @Mixin DataOptions data;
  @Mixin ImageOptions image;

  @Override
  public Integer call() throws Exception {
    ModelFile.Loaded m = ModelFile.load(model.path());
    Dataset set = image.dataset(data.load(false));
    m.requireInputs(set.features());
    float[] p = m.probabilities(set, image.index);
    String[] names = ClassNames.of(data.dataset);
    Integer[] order = Top.order(p);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "prediction: %s (confidence %.1f%%), true label: %s%n",
        names[order[0]], 100 * p[order[0]], names[set.label(image.index)]);
    for (int k = 0; k < Math.min(3, p.length); k++) {
      out.printf(Locale.ROOT, "  %d. %-12s %6.2f%%%n", k + 1, names[order[k]], 100 * p[order[k]]);
    }
    out.flush();
    return 0;
  }
}
