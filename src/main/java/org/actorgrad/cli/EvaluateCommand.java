package org.actorgrad.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.actorgrad.data.Dataset;
import org.actorgrad.data.LoadedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code trainer evaluate}: test accuracy, per-class accuracy and the confusion matrix. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Evaluates a trained model on the test set.",
        "A model trained on another data set (another name or other class names, and other files) is"
            + " evaluated with a one-line warning on stderr."})
final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOptions model;
  @Mixin DataOptions data;

  @Override
  public Integer call() throws Exception {
    ModelFile.Loaded m = ModelFile.load(model.path());
    LoadedData loaded = data.loadFor(m.header().data(), spec.commandLine().getParseResult(), false);
    Dataset test = loaded.test();
    m.requireInputs(test);
    int classes = m.network().spec().classes();
    if (loaded.classes() != classes) {
      throw new IllegalArgumentException("the model has " + classes + " classes but the data has "
          + loaded.classes() + ": it was trained on another data set; evaluate it on that one");
    }
    DataMismatch.warning(m.header(), loaded).ifPresent(w -> {
      spec.commandLine().getErr().println("warning: " + w);
      spec.commandLine().getErr().flush();
    });
    int[][] confusion = new int[classes][classes]; // (true, predicted)
    int[] predicted = m.predictAll(test);
    int correct = 0;
    for (int i = 0; i < test.count(); i++) {
      confusion[test.label(i)][predicted[i]]++;
      correct += test.label(i) == predicted[i] ? 1 : 0;
    }
    PrintWriter out = spec.commandLine().getOut();
    List<String> names = loaded.classNames();
    out.printf(Locale.ROOT, "test accuracy %.4f (%d of %d)%n", (double) correct / test.count(), correct, test.count());
    out.println();
    out.println("per class:");
    for (int c = 0; c < classes; c++) {
      int total = 0;
      for (int p = 0; p < classes; p++) {
        total += confusion[c][p];
      }
      out.printf(Locale.ROOT, "  %d %-12s %.4f (%d of %d)%n", c, label(names, c),
          total == 0 ? 0.0 : (double) confusion[c][c] / total, confusion[c][c], total);
    }
    out.println();
    out.println("confusion matrix (rows: true class, columns: predicted):");
    StringBuilder head = new StringBuilder("      ");
    for (int p = 0; p < classes; p++) {
      head.append(String.format(Locale.ROOT, "%6d", p));
    }
    out.println(head);
    for (int c = 0; c < classes; c++) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%6d", c));
      for (int p = 0; p < classes; p++) {
        row.append(String.format(Locale.ROOT, "%6d", confusion[c][p]));
      }
      out.println(row);
    }
    out.flush();
    return 0;
  }

  /** The data's name of class c, or its number when the model has more classes than the data names. */
  private static String label(List<String> names, int c) {
    return c < names.size() ? names.get(c) : Integer.toString(c);
  }
}
