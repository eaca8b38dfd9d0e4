package org.actorgrad.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.actorgrad.kernel.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkSpecTest {
  @Test
  void parsesTheDefault() {
    NetworkSpec spec = NetworkSpec.parse(784, 10, NetworkSpec.DEFAULT_LAYERS, "cross-entropy");
    assertEquals(List.of(new LayerSpec(128, Activation.RELU, 0f), new LayerSpec(10, Activation.SOFTMAX, 0f)),
        spec.layers());
    assertEquals(LossKind.CROSS_ENTROPY, spec.loss());
    assertEquals("128:relu,10:softmax", spec.layersSpec());
    assertEquals("inputs=784 layers=128:relu,10:softmax loss=cross-entropy", spec.toString());
    assertEquals(List.of(), spec.warnings());
  }

  @Test
  void parsesDropoutAndSpaces() {
    NetworkSpec spec = NetworkSpec.parse(784, 10, " 256:tanh:dropout=0.2, 64:leaky_relu ,10:softmax", "ce");
    assertEquals(new LayerSpec(256, Activation.TANH, 0.2f), spec.layers().get(0));
    assertEquals(new LayerSpec(64, Activation.LEAKY_RELU, 0f), spec.layers().get(1));
    assertEquals("256:tanh:dropout=0.2,64:leaky_relu,10:softmax", spec.layersSpec());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "128:relu,10:softmax", "256:tanh:dropout=0.2,64:leaky_relu,10:softmax",
    "32:sigmoid:dropout=0.5,16:linear,10:softmax", "10:softmax"})
  void canonicalFormsParseBackToEqualSpecs(String layers) {
    NetworkSpec spec = NetworkSpec.parse(784, 10, layers, "cross-entropy");
    assertEquals(spec, NetworkSpec.parse(784, 10, spec.layersSpec(), spec.loss().id()));
    assertEquals(spec, NetworkSpec.parse(spec.toString()));
  }

  @Test
  void mseAcceptsAnyOutputActivation() {
    for (Activation a : Activation.values()) {
      NetworkSpec spec = NetworkSpec.parse(4, 3, "5:tanh,3:" + a.id(), "mse");
      assertEquals(a, spec.layers().get(1).activation());
      assertEquals(spec, NetworkSpec.parse(spec.toString()));
    }
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("128:rleu,10:softmax", "cross-entropy",
            "unknown activation 'rleu' in layer 1 (expected one of "),
        Arguments.of("128:relu,12:softmax", "cross-entropy",
            "last layer must have 10 outputs for 10 classes, found 12"),
        Arguments.of("abc:relu,10:softmax", "cross-entropy",
            "unknown layer kind 'abc' in layer 1 (expected a size for a dense layer, conv or maxpool)"),
        Arguments.of("-3:relu,10:softmax", "cross-entropy",
            "layer size must be a positive integer, found '-3' in layer 1"),
        Arguments.of("128:relu,0:softmax", "cross-entropy",
            "layer size must be a positive integer, found '0' in layer 2"),
        Arguments.of("128:relu:dropout=1.5,10:softmax", "cross-entropy",
            "dropout must be in [0, 1), found 1.5 in layer 1"),
        Arguments.of("128:relu:dropout=x,10:softmax", "cross-entropy",
            "dropout must be a number in [0, 1), found 'x' in layer 1"),
        Arguments.of("128:relu:drop=0.1,10:softmax", "cross-entropy",
            "unknown layer option 'drop=0.1' in layer 1 (expected dropout=p)"),
        Arguments.of("", "cross-entropy", "the layer spec is empty"),
        Arguments.of("128:relu,,10:softmax", "cross-entropy", "empty layer in layer 2"),
        Arguments.of("128,10:softmax", "cross-entropy",
            "expected size:activation[:dropout=p] in layer 1, found '128'"),
        Arguments.of("128:relu,10:tanh", "cross-entropy",
            "cross-entropy needs a softmax output layer, found tanh in layer 2"),
        Arguments.of("128:softmax,10:softmax", "cross-entropy",
            "softmax is only allowed in the last layer, found in layer 1 of 2"),
        Arguments.of("128:softmax,10:linear", "mse",
            "softmax is only allowed in the last layer, found in layer 1 of 2"),
        Arguments.of("128:relu,10:softmax:dropout=0.5", "cross-entropy",
            "dropout is not allowed on the last layer (layer 2)"),
        Arguments.of("128:relu,10:softmax", "hinge",
            "unknown loss 'hinge' (expected one of cross-entropy, mse)"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void clearOneLineErrors(String layers, String loss, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NetworkSpec.parse(784, 10, layers, loss));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void stepLayersAreWarnedAbout() {
    NetworkSpec hidden = NetworkSpec.parse(784, 10, "64:step,32:relu,10:softmax", "cross-entropy");
    assertEquals(List.of("layer 1 uses step: its gradient is zero, so nothing below it will learn"),
        hidden.warnings());
    NetworkSpec output = NetworkSpec.parse(784, 10, "64:relu,10:step", "mse");
    assertEquals(List.of("layer 2 uses step: its gradient is zero, so no layer will learn"),
        output.warnings());
  }

  @Test
  void badCanonicalDescriptions() {
    assertThrows(IllegalArgumentException.class, () -> NetworkSpec.parse("inputs=784 layers=10:softmax"));
    assertThrows(IllegalArgumentException.class,
        () -> NetworkSpec.parse("inputs=784 layers=input:28x28x1 loss=cross-entropy"), "a spec of no layers");
    assertThrows(IllegalArgumentException.class,
        () -> NetworkSpec.parse("inputs=x layers=10:softmax loss=ce"));
    assertThrows(IllegalArgumentException.class,
        () -> NetworkSpec.parse("inputs=784 layers=10:softmax loss=ce colour=red"));
  }
}
