package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.actorgrad.data.Dataset;
import org.actorgrad.data.DatasetLocator;
import org.actorgrad.export.OnnxExport;
import org.actorgrad.kernel.Argmax;
import org.actorgrad.export.OnnxRuntime;
import org.actorgrad.export.SafetensorsFile;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.model.ParameterLayout;
import org.actorgrad.testing.DataFiles;
import org.actorgrad.testing.Datasets;
import org.actorgrad.testing.SyntheticIdx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code trainer export} end to end: a model trained by {@code trainer}, exported, and run by ONNX
 * Runtime on the whole test set (same top-1 for every image, probabilities within 1e-5), or read
 * back as safetensors; and the bad inputs a user can type.
 */
class ExportCommandTest {
  static final float TOLERANCE = 1e-5f;
  @TempDir static Path tmp;
  static Path synthetic;
  static Path syntheticModel;

  @BeforeAll
  static void trainOnSyntheticData() throws Exception {
    synthetic = SyntheticIdx.write(tmp.resolve("synthetic"), 1200, 2000, 3);
    syntheticModel = train(synthetic, tmp.resolve("synthetic-run"), "24:sigmoid,16:leaky_relu,10:softmax", "0");
  }

  private static Path train(Path data, Path runDir, String layers, String limit, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("--data", data.toString(), "--limit", limit,
        "--layers", layers, "--workers", "2", "--run-dir", runDir.toString(), "--no-progress"));
    args.addAll(List.of(more));
    if (!args.contains("--epochs")) {
      args.addAll(List.of("--epochs", "2"));
    }
    TrainCommandTest.Run r = TrainCommandTest.trainer(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    return runDir.resolve("model.agc");
  }

  @Test
  void onnxAgreesWithActorgradOnTheWholeSyntheticTestSet() throws Exception {
    wholeTestSet(syntheticModel, synthetic, false);
  }

  @Test
  void onnxWithRawPixelsAgreesOnTheWholeSyntheticTestSet() throws Exception {
    wholeTestSet(syntheticModel, synthetic, true);
  }

  @Test
  void onnxAgreesWithActorgradOnTheWholeMnistTestSet() throws Exception {
    Path mnist = Datasets.require("mnist");
    Path model = train(mnist, tmp.resolve("mnist-run"), "64:relu,32:tanh,10:softmax", "6000");
    int correct = wholeTestSet(model, mnist, false);
    assertTrue(correct > 8500, "a trained model, not a random one: " + correct + " of 10000");
  }

  /** The issue's CNN string, trained briefly: its ONNX export agrees with actorgrad on every test image. */
  @Test
  void onnxOfTheIssuesCnnAgreesOnTheWholeMnistTestSet() throws Exception {
    Path mnist = Datasets.mnistOrSynthetic();
    Path model = train(mnist, tmp.resolve("cnn-run"),
        "conv:32:3x3:relu,maxpool:2x2,conv:64:3x3:relu,maxpool:2x2,128:relu,10:softmax", "1200",
        "--optimizer", "adam", "--lr", "0.002", "--epochs", "1");
    int correct = wholeTestSet(model, mnist, false);
    assertTrue(correct > 5000, "a trained model, not a random one: " + correct + " of 10000");
  }

  /**
   * A small CNN on 3-channel 9x11 images (a 4-D IDX file, stored HWC as numpy writes it): stride 2,
   * same padding with an even kernel (one more row and column padded after than before), an odd
   * pool whose floor rule drops the last partial window; exported with the scaling folded in.
   */
  @Test
  void onnxOfAColourCnnWithStrideSamePaddingAndAnOddPoolAgreesOnTheWholeTestSet() throws Exception {
    Path data = colourIdx(tmp.resolve("colour"), 1500, 600, 9, 11, 4);
    Path model = train(data, tmp.resolve("colour-run"),
        "conv:6:4x4:tanh:stride=2:padding=same,conv:5:2x2:leaky_relu:padding=same,maxpool:3x3:stride=2,12:relu,4:softmax",
        "0", "--epochs", "3", "--optimizer", "adam", "--lr", "0.01");
    for (boolean raw : new boolean[] {false, true}) {
      int correct = wholeTestSet(model, data, raw);
      assertTrue(correct > 300, "a trained model, not a random one: " + correct + " of 600");
    }
  }

  /**
   * Exports, runs the whole test set through both in chunks (a CNN's buffers for 10,000 images at
   * once would take gigabytes), compares; returns the images predicted right.
   */
  private static int wholeTestSet(Path model, Path data, boolean rawPixels) throws Exception {
    Path onnx = tmp.resolve("model-" + rawPixels + "-" + model.getParent().getFileName() + ".onnx");
    List<String> args = new java.util.ArrayList<>(List.of("export", "--format", "onnx", "--model",
        model.toString(), "--out", onnx.toString()));
    if (rawPixels) {
      args.add("--raw-pixels");
    }
    TrainCommandTest.Run r = TrainCommandTest.trainer(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    ModelFile.Loaded m = ModelFile.load(model);
    NetworkSpec spec = m.network().spec();
    List<Integer> dims = OnnxExport.inputDims(spec);
    String shown = dims.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
    assertTrue(r.out().contains("opset 13; input 'pixels' (N, " + shown + ") "), r.out());

    Dataset test = DatasetLocator.load(data, "mnist").test();
    int n = test.count();
    int features = test.features();
    int classes = spec.classes();
    int chunk = GradientEngine.evaluationBatch(m.network()); // bounded memory, as evaluate's
    long[] shape = new long[1 + dims.size()]; // (chunk, features) or (chunk, C, H, W)
    for (int d = 1; d < shape.length; d++) {
      shape[d] = dims.get(d - 1);
    }
    GradientEngine engine = new GradientEngine(m.network(), chunk);
    float[] x = new float[chunk * features]; // (chunk, features) in [0, 1], CHW per image
    float[] raw = new float[chunk * features]; // the same, 0-255
    float[] expected = new float[chunk * classes]; // (chunk, classes)
    int[] labels = new int[chunk];
    int[] indices = new int[chunk];
    int correct = 0;
    float worst = 0;
    try (OnnxRuntime ort = new OnnxRuntime(Files.readAllBytes(onnx))) {
      for (int from = 0; from < n; from += chunk) {
        int count = Math.min(chunk, n - from);
        for (int k = 0; k < count; k++) {
          indices[k] = from + k;
        }
        test.fill(x, labels, indices, 0, count);
        engine.predict(expected, m.params(), x, count);
        for (int i = 0; i < count * features; i++) {
          raw[i] = test.pixels()[from * features + i] & 0xFF;
        }
        shape[0] = count;
        float[] actual = ort.run(rawPixels ? raw : x, shape);
        assertEquals(count * classes, actual.length);
        for (int k = 0; k < count * classes; k++) {
          worst = Math.max(worst, Math.abs(expected[k] - actual[k]));
        }
        for (int i = 0; i < count; i++) {
          int top = top1(actual, i, classes);
          assertEquals(Argmax.row(expected, i * classes, classes), top, "top-1 of test image " + (from + i));
          correct += top == labels[i] ? 1 : 0;
        }
      }
    }
    assertTrue(worst <= TOLERANCE, "largest probability difference " + worst);
    System.out.printf("ONNX Runtime vs actorgrad, %s%s, %d test images: same top-1, largest difference %.2e,"
        + " accuracy %.4f%n", model.getParent().getFileName(), rawPixels ? " (raw pixels)" : "", n, worst,
        correct / (double) n);
    return correct;
  }

  /**
   * The four IDX files of {@code rows} x {@code cols} RGB images (magic 2052, (N, H, W, 3) as numpy
   * stores them) with {@code classes} classes, from {@link DataFiles}' learnable samples.
   */
  static Path colourIdx(Path folder, int train, int test, int rows, int cols, int classes) throws Exception {
    Files.createDirectories(folder);
    int features = rows * cols * 3;
    for (String part : List.of("train", "t10k")) {
      int from = part.equals("train") ? 0 : train;
      int count = part.equals("train") ? train : test;
      java.nio.ByteBuffer images = java.nio.ByteBuffer.allocate(20 + count * features)
          .putInt(0x804).putInt(count).putInt(rows).putInt(cols).putInt(3)
          .put(DataFiles.pixels(from, count, features, classes));
      java.nio.ByteBuffer labels = java.nio.ByteBuffer.allocate(8 + count).putInt(0x801).putInt(count)
          .put(DataFiles.labels(from, count, classes));
      Files.write(folder.resolve(part + "-images-idx3-ubyte"), images.array());
      Files.write(folder.resolve(part + "-labels-idx1-ubyte"), labels.array());
    }
    return folder;
  }

  @Test
  void safetensorsHoldsEveryWeightAndBiasBitForBit() throws Exception {
    Path out = tmp.resolve("out/weights.safetensors");
    TrainCommandTest.Run r = TrainCommandTest.trainer("export", "--format", "safetensors", "--model",
        syntheticModel.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("as safetensors"), r.out());
    SafetensorsFile file = SafetensorsFile.read(Files.readAllBytes(out));
    ModelFile.Loaded m = ModelFile.load(syntheticModel);
    assertEquals(6, file.tensors().size());
    assertEquals(List.of(24, 64), file.tensors().get("layer1.weight").shape());
    for (ParameterLayout.Tensor t : m.network().layout().tensors()) {
      assertEquals(t.shape(), file.tensors().get(t.name()).shape(), t.name());
      assertArrayEquals(Arrays.copyOfRange(m.params(), t.offset(), t.offset() + t.length()),
          file.tensors().get(t.name()).values(), t.name());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "export --format tflite --model MODEL --out OUT/x | unknown export format 'tflite' (expected onnx or safetensors)",
      "export --format onnx --model OUT/missing.agc --out OUT/x.onnx | no model at",
      "export --format onnx --model MODEL --out OUT | is a folder, expected a file",
      "export --format onnx --model MODEL --out MODEL/x.onnx | model.agc is a file, not a folder; choose another --out",
      "export --format safetensors --raw-pixels --model MODEL --out OUT/x | --raw-pixels applies to onnx only",
      "export --format onnx --model DATA/train-images-idx3-ubyte --out OUT/x.onnx | train-images-idx3-ubyte",
      "export --model MODEL --out OUT/x.onnx | Missing required option: '--format=FORMAT'",
      "export --format onnx --model GOLDEN --out OUT/x.onnx | golden-v1.agc: not an actorgrad run's checkpoint (its header kind is missing, expected \"actorgrad-run\"); it cannot be used as a model"})
  void badInputGetsOneLineAndWritesNothing(String line, String message) throws Exception {
    Path outDir = Files.createDirectories(tmp.resolve("bad"));
    Path golden = tmp.resolve("golden-v1.agc"); // a valid checkpoint, but not of a training run
    if (!Files.exists(golden)) {
      try (var in = ExportCommandTest.class.getResourceAsStream("/checkpoint/golden-v1.agc")) {
        Files.copy(in, golden);
      }
    }
    String[] args = line.replace("MODEL", syntheticModel.toString()).replace("OUT", outDir.toString())
        .replace("DATA", synthetic.toString()).replace("GOLDEN", tmp.resolve("golden-v1.agc").toString()).trim().split(" ");
    TrainCommandTest.Run r = TrainCommandTest.trainer(args);
    assertTrue(r.code() != 0, r.out());
    assertTrue(r.err().contains(message), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace");
    try (var files = Files.list(outDir)) {
      assertEquals(List.of(), files.toList(), "nothing written");
    }
  }

  @Test
  void anEmptyOutIsOneLineNotAFolder() {
    TrainCommandTest.Run r = TrainCommandTest.trainer("export", "--format", "onnx", "--model",
        syntheticModel.toString(), "--out", "");
    assertTrue(r.code() != 0, r.out());
    assertEquals("error: --out is empty; name the file to write", r.err().strip());
  }

  @Test
  void exportingAModelOverItselfIsRefusedAndKeepsIt() throws Exception {
    Path copy = Files.createDirectories(tmp.resolve("self")).resolve("m.agc");
    Files.copy(syntheticModel, copy);
    byte[] before = Files.readAllBytes(copy);
    TrainCommandTest.Run r = TrainCommandTest.trainer("export", "--format", "onnx", "--model", copy.toString(),
        "--out", tmp.resolve("self").resolve(".").resolve("m.agc").toString());
    assertTrue(r.code() != 0, r.out());
    assertTrue(r.err().contains("is the model being exported"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertArrayEquals(before, Files.readAllBytes(copy), "the model is untouched");
  }

  @Test
  void theParameterCountIsPrintedAsTrainingPrintsIt() throws Exception {
    TrainCommandTest.Run r = TrainCommandTest.trainer("export", "--format", "safetensors", "--model",
        syntheticModel.toString(), "--out", tmp.resolve("count.safetensors").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("(2,130 parameters)"), r.out()); // 64*24+24 + 24*16+16 + 16*10+10
  }

  @Test
  void helpNamesTheFolderTheDefaultModelComesFrom() {
    TrainCommandTest.Run r = TrainCommandTest.trainer("export", "--help");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().replaceAll("\\s+", " ").contains("default: model.agc in --run-dir"), r.out());
    assertTrue(r.out().replaceAll("\\s+", " ").contains("(default: runs/latest)") || System.getenv("ACTORGRAD_RUN_DIR") != null, r.out());
    assertTrue(r.out().contains("--run-dir=DIR"), r.out());
    assertFalse(r.out().contains("<run-dir>"), r.out());
  }

  private static int top1(float[] p, int row, int classes) {
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (p[row * classes + c] > p[row * classes + best]) {
        best = c;
      }
    }
    return best;
  }
}
