package org.actorgrad.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.TensorInfo;
import java.util.List;
import org.actorgrad.kernel.Activation;
import org.actorgrad.model.FeatureShape;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every layer kind (dense, conv, maxpool, the implicit flatten) and activation, exported and run in
 * ONNX Runtime: the same outputs as actorgrad's own forward pass within 1e-5, and the same top-1,
 * for random weights, biases and images.
 */
class OnnxExportTest {
  static final float TOLERANCE = 1e-5f;
  static final int FEATURES = 49; // a 7x7 image
  static final int BATCH = 200;

  @ParameterizedTest
  @EnumSource(value = Activation.class, names = "SOFTMAX", mode = EnumSource.Mode.EXCLUDE)
  void eachHiddenActivationMatchesOnnxRuntime(Activation hidden) throws Exception {
    NetworkSpec spec = NetworkSpec.parse(FEATURES, 10, "24:" + hidden.id() + ",16:" + hidden.id() + ",10:softmax",
        "cross-entropy");
    compare(spec, false);
  }

  @ParameterizedTest
  @EnumSource(value = Activation.class, names = {"SIGMOID", "LINEAR", "TANH", "RELU"})
  void mseModelsEndingInOtherActivationsExportTheirScores(Activation output) throws Exception {
    NetworkSpec spec = NetworkSpec.parse(FEATURES, 10, "20:tanh:dropout=0.3,10:" + output.id(), "mse");
    compare(spec, false);
  }

  @ParameterizedTest
  @EnumSource(value = Activation.class, names = "SOFTMAX", mode = EnumSource.Mode.EXCLUDE)
  void eachActivationOnAConvLayerMatchesOnnxRuntime(Activation a) throws Exception {
    compare(cnn(new FeatureShape(2, 9, 8), "conv:5:3x3:" + a.id() + ",maxpool:2x2,conv:4:2x3:" + a.id()
        + ":padding=same,12:" + a.id() + ",10:softmax"), false);
  }

  /**
   * The geometry cases where actorgrad's rules and ONNX's attributes could part: same padding
   * with even kernels (one more row or column padded after than before), strides larger than the
   * kernel, rectangular kernels and strides, pools whose last partial window the floor rule
   * drops, 3-channel input, conv straight into dense, dropout left out.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "9x11x3 | conv:6:4x4:tanh:stride=2:padding=same,conv:5:2x2:leaky_relu:padding=same,maxpool:3x3:stride=2,12:relu,4:softmax",
      "10x10x1 | conv:3:2x2:relu:stride=3:padding=same,maxpool:2x2:stride=1,5:softmax",
      "16x7x3 | conv:4:5x2:sigmoid:stride=2x1:padding=same:dropout=0.25,maxpool:3x2:stride=2x1,conv:3:3x3:relu:stride=2,6:softmax",
      "11x11x1 | conv:4:3x3:relu:stride=2,maxpool:3x3,7:sigmoid:dropout=0.5,10:softmax",
      "8x9x2 | conv:3:1x1:linear:stride=3,4:softmax",
      "6x6x1 | maxpool:2x2,conv:2:3x3:step:padding=same,5:softmax"})
  void convAndPoolGeometryMatchesOnnxRuntime(String input, String layers) throws Exception {
    String[] d = input.strip().split("x");
    compare(cnn(new FeatureShape(Integer.parseInt(d[2]), Integer.parseInt(d[0]), Integer.parseInt(d[1])),
        layers.strip()), false);
  }

  @Test
  void theIssuesCnnMatchesOnnxRuntimeWithRawPixels() throws Exception {
    compare(cnn(new FeatureShape(1, 28, 28),
        "conv:32:3x3:relu,maxpool:2x2,conv:64:3x3:relu,maxpool:2x2,128:relu,10:softmax"), true);
  }

  @Test
  void aCnnTakesNchwInputAndSaysSo() throws Exception {
    NetworkSpec spec = cnn(new FeatureShape(3, 9, 11), "conv:4:3x3:relu:padding=same,maxpool:2x2,5:softmax");
    try (OnnxRuntime ort = new OnnxRuntime(OnnxExport.toBytes(spec, randomParams(spec, 2), false))) {
      NodeInfo in = ort.session().getInputInfo().get("pixels");
      assertEquals("[-1, 3, 9, 11]", java.util.Arrays.toString(((TensorInfo) in.getInfo()).getShape()));
      assertEquals("(N, 3, 9, 11) NCHW (N, channels, rows, cols)",
          ort.session().getMetadata().getCustomMetadata().get("actorgrad.input_shape"));
    }
  }

  @Test
  void rawPixelsFoldsTheScalingIntoTheGraph() throws Exception {
    compare(NetworkSpec.parse(FEATURES, 10, "32:relu,10:softmax", "cross-entropy"), true);
  }

  @Test
  void declaresNamedInputAndOutputWithAnyBatchSize() throws Exception {
    NetworkSpec spec = NetworkSpec.parse(FEATURES, 7, "12:leaky_relu,7:softmax", "cross-entropy");
    byte[] model = OnnxExport.toBytes(spec, randomParams(spec, 3), false);
    try (OnnxRuntime ort = new OnnxRuntime(model)) {
      NodeInfo in = ort.session().getInputInfo().get("pixels");
      NodeInfo out = ort.session().getOutputInfo().get("probabilities");
      assertEquals(List.of("pixels"), List.copyOf(ort.session().getInputNames()));
      assertEquals(List.of("probabilities"), List.copyOf(ort.session().getOutputNames()));
      assertEquals("[-1, 49]", java.util.Arrays.toString(((TensorInfo) in.getInfo()).getShape()));
      assertEquals("[-1, 7]", java.util.Arrays.toString(((TensorInfo) out.getInfo()).getShape()));
      assertEquals("value / 255", ort.session().getMetadata().getCustomMetadata().get("actorgrad.input_scaling"));
      assertEquals(spec.toString(), ort.session().getMetadata().getCustomMetadata().get("actorgrad.network"));
      assertEquals(1, ort.run(new float[FEATURES], 1, FEATURES).length / 7, "a batch of one works too");
    }
  }

  @Test
  void refusesParametersOfAnotherNetwork() {
    NetworkSpec spec = NetworkSpec.parse(FEATURES, 10, "8:relu,10:softmax", "cross-entropy");
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> OnnxExport.toBytes(spec, new float[12], false));
    assertTrue(e.getMessage().contains("expected 490 parameters"), e.getMessage());
  }

  private static NetworkSpec cnn(FeatureShape input, String layers) {
    return NetworkSpec.parse(input, NetworkSpec.outputs(layers), layers, "cross-entropy");
  }

  /** Exports, runs both, and compares every output within the tolerance and every top-1 exactly. */
  private static void compare(NetworkSpec spec, boolean rawPixels) throws Exception {
    float[] params = randomParams(spec, 11);
    SeededRandom rng = new SeededRandom(5);
    int features = spec.inputs();
    float[] bytes = new float[BATCH * features]; // (BATCH, features) 0-255, CHW per image
    float[] scaled = new float[bytes.length]; // (BATCH, features) as actorgrad feeds them
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = rng.nextInt(256);
      scaled[i] = bytes[i] / 255f;
    }
    int classes = spec.classes();
    float[] expected = new float[BATCH * classes]; // (BATCH, classes)
    new GradientEngine(new Network(spec), BATCH).predict(expected, params, scaled, BATCH);
    try (OnnxRuntime ort = new OnnxRuntime(OnnxExport.toBytes(spec, params, rawPixels))) {
      assertEquals(List.of(OnnxExport.outputName(spec)), List.copyOf(ort.session().getOutputNames()));
      long[] shape = new long[1 + OnnxExport.inputDims(spec).size()];
      shape[0] = BATCH;
      for (int d = 1; d < shape.length; d++) {
        shape[d] = OnnxExport.inputDims(spec).get(d - 1);
      }
      float[] actual = ort.run(rawPixels ? bytes : scaled, shape);
      assertEquals(expected.length, actual.length);
      for (int k = 0; k < expected.length; k++) {
        assertEquals(expected[k], actual[k], TOLERANCE, spec + ": output " + k);
      }
      for (int n = 0; n < BATCH; n++) {
        assertEquals(top1(expected, n, classes), top1(actual, n, classes), spec + ": top-1 of image " + n);
      }
    }
  }

  /** The seed's initial weights, and biases drawn too (they start at 0) so the export's biases are checked. */
  static float[] randomParams(NetworkSpec spec, long seed) {
    Network network = new Network(spec);
    float[] params = network.initialParameters(seed);
    SeededRandom rng = new SeededRandom(seed + 1);
    for (int l = 0; l < spec.layers().size(); l++) {
      for (int j = 0; j < spec.layers().get(l).size(); j++) {
        params[network.layout().biasOffset(l) + j] = (float) (rng.nextDouble() - 0.5);
      }
    }
    return params;
  }

  static int top1(float[] p, int row, int classes) {
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (p[row * classes + c] > p[row * classes + best]) {
        best = c;
      }
    }
    return best;
  }
}
