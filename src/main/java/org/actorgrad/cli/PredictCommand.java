package org.actorgrad.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.actorgrad.data.AreaResize;
import org.actorgrad.data.CsvTable;
import org.actorgrad.data.Dataset;
import org.actorgrad.data.ImagePixels;
import org.actorgrad.data.LoadedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trainer predict}: the model's answer for one image of the data set ({@code --index N}),
 * for an image file of the user's ({@code --image FILE}, resized to the model's input by a printed
 * rule), or for every row of a CSV file ({@code --csv FILE}, one line per row).
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Predicts the class of an image (of the data set, an image file, or CSV rows) with a trained model.")
final class PredictCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOptions model;
  @Mixin DataOptions data;
  @Mixin ImageOptions image;

  @Option(names = "--image", paramLabel = "FILE",
      description = "an image file (PNG, JPEG, GIF, BMP) of any size: converted and resized to the model's input")
  Path imageFile;

  @Option(names = "--csv", paramLabel = "FILE",
      description = "a CSV file of pixel rows 0-255 (a label first is recognised by the count): one prediction per row")
  Path csvFile;

  @Option(names = "--invert", description = "with --image: use 255 - pixel, for dark strokes on a light background")
  boolean invert;

  @Override
  public Integer call() throws Exception {
    int modes = (image.index != null ? 1 : 0) + (imageFile != null ? 1 : 0) + (csvFile != null ? 1 : 0);
    if (modes != 1) {
      throw new IllegalArgumentException("give one of --index N (an image of the data set), --image FILE"
          + " or --csv FILE" + (modes > 1 ? ", not several" : ""));
    }
    if (invert && imageFile == null) {
      throw new IllegalArgumentException("--invert is only for --image");
    }
    ModelFile.Loaded m = ModelFile.load(model.path());
    ModelInput input = ModelInput.of(m);
    PrintWriter out = spec.commandLine().getOut();
    if (imageFile != null) {
      predictImage(m, input, out);
    } else if (csvFile != null) {
      predictRows(m, input, out);
    } else {
      LoadedData loaded = data.loadFor(m.header().data(), spec.commandLine().getParseResult(), false);
      Dataset set = image.dataset(loaded);
      m.requireInputs(set);
      DataMismatch.warning(m.header(), loaded).ifPresent(w -> {
        spec.commandLine().getErr().println("warning: " + w);
        spec.commandLine().getErr().flush();
      });
      float[] p = m.probabilities(set, image.index);
      printTop(out, p, input.classNames(), ", true label: " + loaded.classNames().get(set.label(image.index)));
    }
    out.flush();
    return 0;
  }

  private void predictImage(ModelFile.Loaded m, ModelInput input, PrintWriter out) {
    if (!input.knowsShape()) {
      throw new IllegalArgumentException(model.path() + ": the model's input is one row of "
          + m.network().spec().inputs() + " values, not an image (its image shape was not recorded, or it was"
          + " trained with --shape 1x" + m.network().spec().inputs() + "); retrain it with --shape to predict on"
          + " image files, or use --csv");
    }
    ImagePixels.Decoded d = ImagePixels.read(imageFile, input.channels());
    if (d.hadColour() && input.channels() == 1) {
      out.println("converted: " + ImagePixels.GREY_RULE);
    }
    if (d.rows() != input.rows() || d.cols() != input.cols()) {
      out.printf(Locale.ROOT, "resized: %dx%d to the model's %dx%d (HxW) by %s%n",
          d.rows(), d.cols(), input.rows(), input.cols(), AreaResize.RULE);
      d = ImagePixels.resized(d, input.rows(), input.cols());
    }
    byte[] pixels = d.pixels();
    long sum = 0;
    for (int i = 0; i < pixels.length; i++) {
      if (invert) {
        pixels[i] = (byte) (255 - (pixels[i] & 0xFF));
      }
      sum += pixels[i] & 0xFF;
    }
    if (invert) {
      out.println("inverted: 255 - pixel");
    }
    Dataset one = Dataset.of(imageFile.getFileName().toString(), input.channels(), input.rows(), input.cols(),
        Dataset.MAX_CLASSES, pixels, new byte[1]);
    printTop(out, m.probabilities(one, 0), input.classNames(), "");
    if (!invert && sum > 128L * pixels.length) {
      out.println("note: the image is mostly light; a model trained on MNIST-style data expects a light shape"
          + " on a dark background: try --invert");
    }
  }

  private void predictRows(ModelFile.Loaded m, ModelInput input, PrintWriter out) {
    int inputs = m.network().spec().inputs();
    CsvTable table = CsvTable.read(csvFile);
    boolean labelled = table.columns() == inputs + 1;
    if (!labelled && table.columns() != inputs) {
      throw new IllegalArgumentException(csvFile + ": rows of " + table.columns() + " values, expected the model's "
          + inputs + " pixels, or a label and " + inputs + " pixels");
    }
    byte[] labels = labelled ? table.column(0) : new byte[table.rows()];
    byte[] pixels = labelled ? table.columnsFrom(1) : table.values();
    Dataset rows = Dataset.of(csvFile.getFileName().toString(), 1, 1, inputs, Dataset.MAX_CLASSES, pixels, labels);
    List<String> names = input.classNames();
    out.println(labelled ? "row,prediction,confidence,label" : "row,prediction,confidence");
    int classes = m.network().spec().classes();
    float[] p = new float[classes];
    int[] correct = {0};
    // One engine of a bounded batch for all rows (an engine per row allocated its buffers per row).
    m.predictEach(rows, (r, probabilities, offset) -> {
      System.arraycopy(probabilities, offset, p, 0, classes);
      int best = Top.order(p)[0];
      out.printf(Locale.ROOT, "%d,%s,%.4f%s%n", r + 1, csvField(names.get(best)), p[best],
          labelled ? "," + csvField(label(names, rows.label(r))) : "");
      correct[0] += labelled && best == rows.label(r) ? 1 : 0;
    });
    if (labelled) {
      spec.commandLine().getErr().printf(Locale.ROOT, "accuracy %.4f (%d of %d rows)%n",
          (double) correct[0] / rows.count(), correct[0], rows.count());
      spec.commandLine().getErr().flush();
    }
  }

  private static String label(List<String> names, int label) {
    return label < names.size() ? names.get(label) : Integer.toString(label);
  }

  private static String csvField(String text) {
    return text.contains(",") || text.contains("\"") ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }

  private static void printTop(PrintWriter out, float[] p, List<String> names, String truth) {
    Integer[] order = Top.order(p);
    out.printf(Locale.ROOT, "prediction: %s (confidence %.1f%%)%s%n", names.get(order[0]), 100 * p[order[0]], truth);
    for (int k = 0; k < Math.min(3, p.length); k++) {
      out.printf(Locale.ROOT, "  %d. %-12s %6.2f%%%n", k + 1, names.get(order[k]), 100 * p[order[k]]);
    }
  }
}
