package org.actorgrad.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderJsonTest {
  @Test
  void roundTripKeepsOrderAtEveryDepth() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", 1);
    inner.put("a", List.of(Map.of("only", true)));
    inner.put("m", Map.of());
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("zeta", inner);
    h.put("beta", List.of(List.of(1, 2), List.of()));
    h.put("alpha", "x");
    Map<String, Object> canonical = new Checkpoint(h, Map.of()).header();

    Map<String, Object> back = HeaderJson.parse(HeaderJson.pretty(canonical));
    assertEquals(canonical, back);
    assertEquals(List.of("zeta", "beta", "alpha"), List.copyOf(back.keySet()));
    assertEquals(List.of("z", "a", "m"), List.copyOf(((Map<?, ?>) back.get("zeta")).keySet()));
  }

  @Test
  void numbersAndStringsSurviveExactly() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("min", Long.MIN_VALUE);
    h.put("max", Long.MAX_VALUE);
    h.put("tiny", Double.MIN_VALUE);
    h.put("huge", 1e300);
    h.put("eps", 1.0e-5);
    h.put("third", 1.0 / 3);
    h.put("text", "quote \" backslash \\ newline \n tab \t control \u0001 unicode \u00e9\u2713\ud83d\ude00");
    h.put("empty", "");
    h.put("yes", true);
    Map<String, Object> canonical = new Checkpoint(h, Map.of()).header();
    assertEquals(canonical, HeaderJson.parse(HeaderJson.pretty(canonical)));
  }

  @Test
  void prettyPutsEachMemberOnItsOwnLineAndPlainListsInline() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("layers", List.of(784L, 128L, 10L));
    h.put("opt", Map.of("lr", 0.1));
    assertEquals("{\n  \"layers\": [784, 128, 10],\n  \"opt\": {\n    \"lr\": 0.1\n  }\n}\n", HeaderJson.pretty(h));
    assertEquals("{\"layers\":[784,128,10],\"opt\":{\"lr\":0.1}}", HeaderJson.compact(h));
  }

  @Test
  void jsonFromAnotherWriterKeepsFileOrderOnOneLineToo() {
    Map<String, Object> back = HeaderJson.parse("{\"b\": 1, \"a\": {\"y\": 2, \"x\": 3}}");
    assertEquals(List.of("b", "a"), List.copyOf(back.keySet()));
    assertEquals(List.of("y", "x"), List.copyOf(((Map<?, ?>) back.get("a")).keySet()));
    assertEquals(Map.of("x", 3L, "y", 2L), back.get("a"));
  }

  @Test
  void rejectsWhatIsNotAStrictJsonObject() {
    for (String bad : List.of("[1]", "{\"a\": 1,}", "{a: 1}", "{\"a\": 1, \"a\": 2}", "{\"a\": NaN}", "{\"a\": null}", "")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeaderJson.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("expected"), e.getMessage());
    }
  }

  @Test
  void limitsDepthStringAndNumberLengthWithOneLine() {
    String deep = "{\"a\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    String longString = "{\"a\": \"" + "x".repeat(HeaderJson.MAX_STRING_CHARS + 1) + "\"}";
    String longNumber = "{\"a\": 1" + "0".repeat(HeaderJson.MAX_NUMBER_CHARS) + "}";
    String beyondLong = "{\"a\": {\"b\": 12345678901234567890}}";
    String beyondDouble = "{\"a\": 1e999}";
    Map<String, String> expected = Map.of(
        deep, "expected a JSON object: Document nesting depth (33) exceeds the maximum allowed (32",
        longString, "expected a JSON object: String value length (1048577) exceeds the maximum allowed (1048576",
        longNumber, "expected a JSON object: Number value length (65) exceeds the maximum allowed (64",
        beyondLong, "expected a whole number within 64 bits at a.b, found one of 20 digits",
        beyondDouble, "expected a finite number at a, found Infinity");
    expected.forEach((json, message) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeaderJson.parse(json));
      assertTrue(e.getMessage().startsWith(message), e.getMessage());
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    });
    assertEquals(Map.of("a", Long.MAX_VALUE), HeaderJson.parse("{\"a\": " + Long.MAX_VALUE + "}"));
  }
}
