package org.actorgrad.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.TensorInfo;
import java.util.List;
import org.actorgrad.kernel.Activation;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every layer kind and activation, exported and run in ONNX Runtime: the same outputs as
 * actorgrad's own forward pass within 1e-5, and the same top-1, for random weights, biases and images.
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

  /** Exports, runs both, and compares every output within the tolerance and every top-1 exactly. */
  private static void compare(NetworkSpec spec, boolean rawPixels) throws Exception {
    float[] params = randomParams(spec, 11);
    SeededRandom rng = new SeededRandom(5);
    float[] bytes = new float[BATCH * FEATURES]; // (BATCH, FEATURES) 0-255
    float[] scaled = new float[bytes.length]; // (BATCH, FEATURES) as actorgrad feeds them
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = rng.nextInt(256);
      scaled[i] = bytes[i] / 255f;
    }
    int classes = spec.classes();
    float[] expected = new float[BATCH * classes]; // (BATCH, classes)
    new GradientEngine(new Network(spec), BATCH).predict(expected, params, scaled, BATCH);
    try (OnnxRuntime ort = new OnnxRuntime(OnnxExport.toBytes(spec, params, rawPixels))) {
      assertEquals(List.of(OnnxExport.outputName(spec)), List.copyOf(ort.session().getOutputNames()));
      float[] actual = ort.run(rawPixels ? bytes : scaled, BATCH, FEATURES);
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
