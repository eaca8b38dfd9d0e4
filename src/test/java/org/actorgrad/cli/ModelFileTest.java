package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.actorgrad.data.Dataset;
import org.actorgrad.kernel.Argmax;
import org.actorgrad.model.FeatureShape;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code evaluate}'s and {@code predict --csv}'s predictions over a data set: bounded memory, same results. */
class ModelFileTest {

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "1; 28; conv:32:3x3:relu,maxpool:2x2,conv:64:3x3:relu,maxpool:2x2,128:relu,10:softmax",
      "3; 64; conv:32:3x3:relu,maxpool:2x2,conv:64:3x3:relu,maxpool:2x2,128:relu,10:softmax",
      "1; 28; 128:relu,10:softmax"})
  void predictionsRunInAnEngineWithinTheEvaluationBoundAndEqualOneSampleAtATime(
      int channels, int side, String layers) {
    FeatureShape input = new FeatureShape(channels, side, side);
    Network network = new Network(NetworkSpec.parse(input, 10, layers, "ce"));
    ModelFile.Loaded m = new ModelFile.Loaded(network, network.initialParameters(7), null);

    int batch = m.predictionBatch();
    GradientEngine engine = new GradientEngine(network, batch);
    assertEquals(GradientEngine.engineBytes(network, batch), engine.bufferBytes());
    assertTrue(engine.bufferBytes() <= GradientEngine.EVALUATION_BYTES,
        "an engine of " + batch + " samples holds " + engine.bufferBytes() + " bytes");
    assertTrue(batch >= 1 && batch <= GradientEngine.EVALUATION_MAX_BATCH, "batch " + batch);
    if (channels == 1 && layers.startsWith("128")) {
      assertEquals(GradientEngine.EVALUATION_MAX_BATCH, batch); // a dense network keeps its 250
    }

    int count = 2 * batch + 3; // two whole chunks and a partial one
    byte[] pixels = new byte[count * input.size()];
    SeededRandom random = new SeededRandom(11);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) random.nextInt(256);
    }
    Dataset set = Dataset.of("random", channels, side, side, 10, pixels, new byte[count]);
    int[] predicted = m.predictAll(set);
    float[][] each = new float[count][];
    m.predictEach(set, (index, out, offset) ->
        each[index] = java.util.Arrays.copyOfRange(out, offset, offset + 10));
    for (int i = 0; i < count; i++) {
      float[] alone = m.probabilities(set, i); // an engine of one sample
      assertArrayEquals(alone, each[i], "sample " + i);
      assertEquals(Argmax.row(alone, 0, 10), predicted[i], "sample " + i);
    }
  }

  @Test
  void aConvolutionalModelTakesOnlyImagesOfItsShapeADenseOneAnyOfItsPixelCount() {
    String cnn = "conv:4:3x3:relu,maxpool:2x2,10:softmax";
    ModelFile.Loaded conv = loaded(new FeatureShape(1, 28, 28), cnn);
    conv.requireInputs(images(1, 28, 28));
    // 784 pixels in another shape (16x49), and 3x32x32 against 1x48x64 (3,072 pixels each)
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conv.requireInputs(images(1, 16, 49)));
    assertEquals("the model is a convolutional network for 28x28x1 images (rows x columns x channels) but"
        + " these are 16x49x1: the same pixel count in another shape is another image to it; use it with"
        + " images of its shape (CSV data: --shape) or train one on this data", e.getMessage());
    ModelFile.Loaded rgb = loaded(new FeatureShape(3, 32, 32), cnn);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> rgb.requireInputs(images(1, 48, 64)))
        .getMessage().contains("for 32x32x3 images (rows x columns x channels) but these are 48x64x1"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> conv.requireInputs(images(1, 32, 32)))
        .getMessage().startsWith("the model takes 784 inputs but the images have 1024 pixels"));

    ModelFile.Loaded dense = loaded(new FeatureShape(1, 28, 28), "16:relu,10:softmax");
    dense.requireInputs(images(1, 16, 49)); // a vector of 784 features, whatever the images' shape
    assertThrows(IllegalArgumentException.class, () -> dense.requireInputs(images(1, 32, 32)));
  }

  private static ModelFile.Loaded loaded(FeatureShape input, String layers) {
    Network network = new Network(NetworkSpec.parse(input, 10, layers, "ce"));
    return new ModelFile.Loaded(network, network.initialParameters(7), null);
  }

  private static Dataset images(int channels, int rows, int cols) {
    return Dataset.of("images", channels, rows, cols, 10, new byte[2 * channels * rows * cols], new byte[2]);
  }
}
