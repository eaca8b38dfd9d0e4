package org.actorgrad.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * The model-spec parser on arbitrary text, as typed after {@code --layers} and {@code --loss} or
 * stored in a checkpoint: a spec either parses into one whose canonical form parses back to an
 * equal spec and whose parameter layout is built or refused with a clear message, or it is
 * refused with an {@link IllegalArgumentException} with a message. Anything else is a finding.
 * Messages echo the input, line breaks included (finding-newline-echoed-in-message): the CLI
 * prints them on one line ({@code UserErrors.oneLine}).
 *
 * <p>Inputs are bytes decoded here (UTF-8, malformed sequences replaced), so the committed seeds
 * are plain text files.
 */
class NetworkSpecFuzzTest {
  /** The canonical description, e.g. {@code inputs=784 layers=128:relu,10:softmax loss=cross-entropy}. */
  @FuzzTest(maxDuration = "60s")
  void description(byte[] input) {
    String text = new String(input, UTF_8);
    NetworkSpec spec;
    try {
      spec = NetworkSpec.parse(text);
    } catch (IllegalArgumentException expected) {
      requireMessage(expected);
      return;
    }
    requireValid(spec);
  }

  /**
   * The CLI's form: inputs and classes from the data set, {@code --layers} and {@code --loss} as
   * typed. The input is two big-endian ints (inputs, classes), then {@code LAYERS|LOSS} in UTF-8.
   */
  @FuzzTest(maxDuration = "60s")
  void layersAndLoss(byte[] input) {
    if (input.length < 8) {
      return;
    }
    ByteBuffer ints = ByteBuffer.wrap(input);
    int inputs = ints.getInt();
    int classes = ints.getInt();
    String text = new String(input, 8, input.length - 8, UTF_8);
    int bar = text.lastIndexOf('|');
    String layers = bar < 0 ? text : text.substring(0, bar);
    String loss = bar < 0 ? "" : text.substring(bar + 1);
    NetworkSpec spec;
    try {
      spec = NetworkSpec.parse(inputs, classes, layers, loss);
    } catch (IllegalArgumentException expected) {
      requireMessage(expected);
      return;
    }
    assertEquals(inputs, spec.inputs());
    assertEquals(classes, spec.classes());
    requireValid(spec);
  }

  private static void requireValid(NetworkSpec spec) {
    assertTrue(spec.inputs() > 0 && spec.classes() >= 2 && !spec.layers().isEmpty(), spec.toString());
    assertEquals(spec, NetworkSpec.parse(spec.toString()), "canonical form parses back to an equal spec");
    assertEquals(spec, NetworkSpec.parse(spec.inputs(), spec.classes(), spec.layersSpec(), spec.loss().id()));
    try {
      ParameterLayout layout = new ParameterLayout(spec);
      assertTrue(layout.totalCount() > 0, "a network has parameters");
    } catch (IllegalArgumentException tooLarge) {
      requireMessage(tooLarge);
    }
  }

  private static void requireMessage(IllegalArgumentException e) {
    assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a message says what is wrong");
  }
}
