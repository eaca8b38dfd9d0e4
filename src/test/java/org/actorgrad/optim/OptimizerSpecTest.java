package org.actorgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OptimizerSpecTest {
  @Test
  void pytorchDefaults() {
    OptimizerSpec adam = OptimizerSpec.parse("adam");
    assertEquals(OptimizerSpec.Kind.ADAM, adam.kind());
    assertEquals(0.9f, adam.beta1());
    assertEquals(0.999f, adam.beta2());
    assertEquals(1e-8f, adam.eps());
    assertEquals(0f, adam.weightDecay());
    OptimizerSpec rms = OptimizerSpec.parse("rmsprop");
    assertEquals(0.99f, rms.alpha());
    assertEquals(1e-8f, rms.eps());
    OptimizerSpec nesterov = OptimizerSpec.parse("nesterov");
    assertEquals(OptimizerSpec.Kind.MOMENTUM, nesterov.kind());
    assertTrue(nesterov.nesterov());
    assertEquals(0.9f, nesterov.momentum());
    assertFalse(OptimizerSpec.parse("momentum").nesterov());
  }

  @Test
  void canonicalStrings() {
    assertEquals("sgd:weight_decay=0.0", OptimizerSpec.parse("sgd").toString());
    assertEquals("nesterov:momentum=0.9,weight_decay=0.0", OptimizerSpec.parse("nesterov").toString());
    assertEquals("adam:beta1=0.9,beta2=0.999,eps=1.0E-8,weight_decay=1.0E-4",
        OptimizerSpec.parse("adam:weight_decay=1e-4").toString());
    assertEquals("rmsprop:alpha=0.9,eps=1.0E-8,weight_decay=0.0",
        OptimizerSpec.parse("RMSprop: alpha = 0.9").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "sgd", "sgd:weight_decay=0.5", "momentum", "momentum:momentum=0.5", "nesterov:momentum=0.95",
    "adam", "adam:beta1=0.8,beta2=0.9,eps=1e-6,weight_decay=0.01", "rmsprop:alpha=0.5,eps=0.001"})
  void parseOfToStringGivesAnEqualSpec(String text) {
    OptimizerSpec spec = OptimizerSpec.parse(text);
    assertEquals(spec, OptimizerSpec.parse(spec.toString()));
  }

  @Test
  void fieldsTheKindDoesNotUseAreNormalised() {
    OptimizerSpec odd = new OptimizerSpec(OptimizerSpec.Kind.SGD, 0.3f, true, 0.1f, 0.2f, 0.5f, 0.4f, 0f);
    assertEquals(OptimizerSpec.parse("sgd"), odd);
    assertEquals(odd, OptimizerSpec.parse(odd.toString()));
  }

  @Test
  void createsTheRightOptimizer() {
    assertInstanceOf(Sgd.class, OptimizerSpec.parse("sgd").create(4));
    assertInstanceOf(Momentum.class, OptimizerSpec.parse("nesterov").create(4));
    assertInstanceOf(Adam.class, OptimizerSpec.parse("adam").create(4));
    assertInstanceOf(RmsProp.class, OptimizerSpec.parse("rmsprop").create(4));
    assertEquals(0.25f, OptimizerSpec.sgd().withWeightDecay(0.25f).weightDecay());
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("adamw", "unknown optimizer 'adamw' (expected one of sgd, momentum, nesterov, adam, rmsprop)"),
        Arguments.of(" ", "the optimizer is empty"),
        Arguments.of("sgd:momentum=0.9", "unknown option 'momentum=0.9' for optimizer sgd (expected key=value with key one of weight_decay)"),
        Arguments.of("adam:beta1", "unknown option 'beta1' for optimizer adam"),
        Arguments.of("adam:beta1=x", "beta1 must be a number, found 'x'"),
        Arguments.of("adam:beta2=1", "beta2 must be in [0, 1), found 1.0"),
        Arguments.of("momentum:momentum=0", "momentum must be in (0, 1), found 0.0"),
        Arguments.of("rmsprop:eps=0", "eps must be a finite number > 0, found 0.0"),
        Arguments.of("sgd:weight_decay=-1", "weight_decay must be a finite number >= 0, found -1.0"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void clearErrors(String text, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.parse(text));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }
}
