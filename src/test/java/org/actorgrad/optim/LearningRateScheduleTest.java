package org.actorgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LearningRateScheduleTest {
  static Stream<Arguments> ratesAtChosenSteps() {
    // spec, base lr, total steps, step, expected lr (computed by hand)
    return Stream.of(
        Arguments.of("constant", 0.1f, 100, 0, 0.1),
        Arguments.of("constant", 0.1f, 100, 99, 0.1),
        Arguments.of("step:gamma=0.5,every=1000", 0.1f, 5000, 999, 0.1),
        Arguments.of("step:gamma=0.5,every=1000", 0.1f, 5000, 1000, 0.05),
        Arguments.of("step:gamma=0.5,every=1000", 0.1f, 5000, 2500, 0.025),
        Arguments.of("cosine", 0.1f, 1000, 0, 0.1),
        Arguments.of("cosine", 0.1f, 1000, 500, 0.05), // cos(pi/2) = 0: half way
        Arguments.of("cosine", 0.1f, 1000, 250, 0.05 * (1 + Math.sqrt(0.5))),
        Arguments.of("cosine", 0.1f, 1000, 1000, 0.0),
        Arguments.of("cosine", 0.1f, 1000, 5000, 0.0), // stays at the end value
        Arguments.of("cosine:min=0.01", 0.1f, 1000, 500, 0.055),
        Arguments.of("cosine,warmup=200", 0.1f, 1200, 0, 0.1 / 200),
        Arguments.of("cosine,warmup=200", 0.1f, 1200, 99, 0.1 * 100 / 200),
        Arguments.of("cosine,warmup=200", 0.1f, 1200, 199, 0.1),
        Arguments.of("cosine,warmup=200", 0.1f, 1200, 200, 0.1),
        Arguments.of("cosine,warmup=200", 0.1f, 1200, 700, 0.05),
        Arguments.of("constant,warmup=4", 1f, 10, 2, 0.75),
        Arguments.of("step:gamma=0.1,every=10,warmup=5", 1f, 100, 14, 1.0),
        Arguments.of("step:gamma=0.1,every=10,warmup=5", 1f, 100, 15, 0.1));
  }

  @ParameterizedTest(name = "{0} lr={1} total={2}: at({3}) = {4}")
  @MethodSource("ratesAtChosenSteps")
  void rateAtStep(String spec, float base, long total, long step, double expected) {
    // One float rounding of a double computation: within one float ulp of the exact value.
    assertEquals(expected, LearningRateSchedule.parse(spec, base, total).at(step), 1e-7 * base);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "constant", "step:gamma=0.5,every=1000", "cosine", "cosine,warmup=200",
    "cosine:min=0.001,warmup=3", "step:gamma=0.25,every=7,warmup=2", "constant,warmup=9"})
  void canonicalFormParsesBackToTheSameSchedule(String spec) {
    LearningRateSchedule s = LearningRateSchedule.parse(spec, 0.1f, 2000);
    assertEquals(spec, s.toString());
    LearningRateSchedule again = LearningRateSchedule.parse(s.toString(), 0.1f, 2000);
    for (long step = 0; step < 2100; step += 7) {
      assertEquals(s.at(step), again.at(step));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {" Cosine , warmup = 200 ", "COSINE,warmup=200"})
  void acceptsSpacesAndCase(String spec) {
    assertEquals("cosine,warmup=200", LearningRateSchedule.parse(spec, 0.1f, 2000).toString());
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("linear", "unknown learning-rate schedule 'linear'"),
        Arguments.of("", "the learning-rate schedule is empty"),
        Arguments.of("step", "step schedule needs gamma in (0, 1], found none"),
        Arguments.of("step:gamma=0.5", "step schedule needs every > 0, found none"),
        Arguments.of("step:gamma=2,every=5", "step schedule needs gamma in (0, 1], found 2.0"),
        Arguments.of("cosine,warmup=x", "warmup must be an integer, found 'x'"),
        Arguments.of("cosine,warmup=100", "warmup must be in [0, 100) (the total steps), found 100"),
        Arguments.of("constant:gamma=0.5", "unknown option 'gamma=0.5'"),
        Arguments.of("cosine:min=1", "cosine min must be in [0, 0.1]"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void clearErrors(String spec, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LearningRateSchedule.parse(spec, 0.1f, 100));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line");
  }

  @ParameterizedTest
  @ValueSource(floats = {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY})
  void rejectsBadBaseRate(float lr) {
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("constant", lr, 10));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -5})
  void rejectsBadTotalSteps(long total) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LearningRateSchedule.parse("constant", 0.1f, total));
    assertEquals("total steps must be positive, found " + total, e.getMessage());
  }
}
