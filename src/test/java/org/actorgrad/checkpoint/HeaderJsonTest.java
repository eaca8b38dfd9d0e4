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
}
