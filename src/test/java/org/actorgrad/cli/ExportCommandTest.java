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
import org.actorgrad.export.OnnxRuntime;
import org.actorgrad.export.SafetensorsFile;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.ParameterLayout;
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

  private static Path train(Path data, Path runDir, String layers, String limit) {
    TrainCommandTest.Run r = TrainCommandTest.trainer("--data", data.toString(), "--limit", limit, "--epochs", "2",
        "--layers", layers, "--workers", "2", "--run-dir", runDir.toString(), "--no-progress");
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

  /** Exports, runs the whole test set through both, compares; returns the images predicted right. */
  private static int wholeTestSet(Path model, Path data, boolean rawPixels) throws Exception {
    Path onnx = tmp.resolve("model-" + rawPixels + "-" + model.getParent().getFileName() + ".onnx");
    List<String> args = new java.util.ArrayList<>(List.of("export", "--format", "onnx", "--model",
        model.toString(), "--out", onnx.toString()));
    if (rawPixels) {
      args.add("--raw-pixels");
    }
    TrainCommandTest.Run r = TrainCommandTest.trainer(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("opset 13; input 'pixels' (N, "), r.out());

    ModelFile.Loaded m = ModelFile.load(model);
    Dataset test = DatasetLocator.load(data, "mnist").test();
    int n = test.count();
    int features = test.features();
    int classes = m.network().spec().classes();
    float[] x = new float[n * features]; // (n, features) in [0, 1]
    int[] labels = new int[n];
    int[] all = new int[n];
    Arrays.setAll(all, i -> i);
    test.fill(x, labels, all, 0, n);
    float[] expected = new float[n * classes]; // (n, classes)
    new GradientEngine(m.network(), n).predict(expected, m.params(), x, n);
    float[] input = x;
    if (rawPixels) {
      input = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        input[i] = test.pixels()[i] & 0xFF;
      }
    }
    int[] predicted = m.predictAll(test);
    int correct = 0;
    try (OnnxRuntime ort = new OnnxRuntime(Files.readAllBytes(onnx))) {
      float[] actual = ort.run(input, n, features);
      float worst = 0;
      for (int k = 0; k < expected.length; k++) {
        worst = Math.max(worst, Math.abs(expected[k] - actual[k]));
      }
      assertTrue(worst <= TOLERANCE, "largest probability difference " + worst);
      for (int i = 0; i < n; i++) {
        int top = top1(actual, i, classes);
        assertEquals(predicted[i], top, "top-1 of test image " + i);
        correct += top == labels[i] ? 1 : 0;
      }
      System.out.printf("ONNX Runtime vs actorgrad, %s, %d test images: same top-1, largest difference %.2e%n",
          model.getParent().getFileName(), n, worst);
    }
    return correct;
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
      "export --format onnx --model MODEL --out OUT | is a folder; name the file to write",
      "export --format safetensors --raw-pixels --model MODEL --out OUT/x | --raw-pixels applies to onnx only",
      "export --format onnx --model DATA/train-images-idx3-ubyte --out OUT/x.onnx | train-images-idx3-ubyte",
      "export --model MODEL --out OUT/x.onnx | Missing required option: '--format=FORMAT'"})
  void badInputGetsOneLineAndWritesNothing(String line, String message) throws Exception {
    Path outDir = Files.createDirectories(tmp.resolve("bad"));
    String[] args = line.replace("MODEL", syntheticModel.toString()).replace("OUT", outDir.toString())
        .replace("DATA", synthetic.toString()).trim().split(" ");
    TrainCommandTest.Run r = TrainCommandTest.trainer(args);
    assertTrue(r.code() != 0, r.out());
    assertTrue(r.err().contains(message), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace");
    try (var files = Files.list(outDir)) {
      assertEquals(List.of(), files.toList(), "nothing written");
    }
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
