package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.actorgrad.data.Dataset;
import org.actorgrad.kernel.Argmax;
import org.actorgrad.model.FeatureShape;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.random.SeededRandom;
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
}
