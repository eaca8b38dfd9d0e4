package org.actorgrad.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.actorgrad.api.Model;
import org.actorgrad.checkpoint.OutputPaths;
import org.actorgrad.export.ExportFormat;
import org.actorgrad.export.OnnxExport;
import org.actorgrad.model.NetworkSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trainer export --format onnx|safetensors --out FILE}: the trained model for other tools. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Exports a trained model: the whole network as ONNX, or its weights as safetensors.",
        "ONNX input 'pixels', (N, features) or for a convolutional network (N, C, H, W), takes pixels",
        "scaled to [0, 1] (value / 255) unless --raw-pixels."})
final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOptions model;

  @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "onnx or safetensors")
  String format;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "the file to write (replaced if it exists)")
  Path out;

  @Option(names = "--raw-pixels",
      description = "onnx: the graph divides by 255 itself, so its input takes pixel values 0-255")
  boolean rawPixels;

  @Override
  public Integer call() throws Exception {
    ExportFormat f = ExportFormat.parse(format);
    OutputPaths.requireFile("--out", out);
    Path from = model.path();
    if (Files.exists(out) && Files.exists(from) && Files.isSameFile(out, from)) {
      throw new IllegalArgumentException("--out " + out + " is the model being exported (--model " + from
          + "); writing there would replace it: name another file, e.g. model." + f.id());
    }
    Model m = ModelFile.read(from);
    NetworkSpec network = m.network();
    m.export(f, out, rawPixels);
    var print = spec.commandLine().getOut();
    print.printf(Locale.ROOT, "exported %s (%,d parameters) to %s as %s%n", network.layersSpec(),
        m.parameterCount(), out, f.id());
    if (f == ExportFormat.ONNX) {
      String dims = String.join(", ", OnnxExport.inputDims(network).stream().map(String::valueOf).toList());
      print.printf(Locale.ROOT, "  opset %d; input 'pixels' (N, %s) %s; output '%s' (N, %d)%n",
          OnnxExport.OPSET, dims, rawPixels ? "pixel values 0-255" : "pixel values / 255 (in [0, 1])",
          OnnxExport.outputName(network), network.classes());
    } else {
      print.printf(Locale.ROOT, "  tensors layer1.weight, layer1.bias, ...: dense (out, in) as nn.Linear's,"
          + " conv (out, in, kh, kw) as nn.Conv2d's%n");
    }
    print.flush();
    return 0;
  }
}
