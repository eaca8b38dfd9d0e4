package org.actorgrad.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointTest {
  @Test
  void numbersTakeTheFormTheyHaveAfterTheFile() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("int", 7);
    h.put("short", (short) -3);
    h.put("whole double", 2.0);
    h.put("negative zero", -0.0);
    h.put("float", 0.1f);
    h.put("double", 1e-8);
    h.put("big", Long.MAX_VALUE);
    Checkpoint c = new Checkpoint(h, Map.of());
    assertEquals(7L, c.header().get("int"));
    assertEquals(-3L, c.header().get("short"));
    assertEquals(2L, c.header().get("whole double"));
    assertEquals(0L, c.header().get("negative zero"));
    assertEquals(0.1, c.header().get("float"));
    assertEquals(0.1f, (float) c.decimal("float"));
    assertEquals(1e-8, c.header().get("double"));
    assertEquals(Long.MAX_VALUE, c.number("big"));
  }

  @Test
  void rejectsWhatJsonCannotHold() {
    assertEquals("expected a finite number at header.loss, found NaN (JSON cannot hold NaN or infinity)",
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint(Map.of("loss", Float.NaN), Map.of())).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new Checkpoint(Map.of("m", List.of(Map.of("x", Double.POSITIVE_INFINITY))), Map.of()));
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("x", null);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Checkpoint(withNull, Map.of()))
        .getMessage().endsWith("found null"));
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint(Map.of("m", Map.of(1, "x")), Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint(Map.of("c", 'c'), Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint(Map.of(), Map.of("", new float[1])));
  }

  @Test
  void keepsInsertionOrderAndIsImmutable() {
    Map<String, Object> h = new LinkedHashMap<>();
    for (String k : List.of("zeta", "alpha", "mid")) {
      h.put(k, k);
    }
    List<Object> list = new ArrayList<>(List.of(1, 2));
    h.put("list", list);
    Checkpoint c = new Checkpoint(h, Map.of());
    list.add(3); // the checkpoint holds its own copy of the header
    assertEquals(List.of("zeta", "alpha", "mid", "list"), List.copyOf(c.header().keySet()));
    assertEquals(List.of(1L, 2L), c.list("list"));
    assertThrows(UnsupportedOperationException.class, () -> c.header().put("x", 1));
    assertThrows(UnsupportedOperationException.class, () -> c.list("list").add(4));
  }

  @Test
  void gettersSayWhatIsWrong() {
    Checkpoint c = new Checkpoint(Map.of("epoch", 3, "lr", 0.5, "name", "sgd", "done", true), Map.of("params", new float[2]));
    assertEquals(3, c.number("epoch"));
    assertEquals(0.5, c.decimal("lr"));
    assertEquals(3.0, c.decimal("epoch"));
    assertEquals("sgd", c.string("name"));
    assertTrue(c.flag("done"));
    assertEquals(2, c.tensor("params").length);
    assertEquals("header field 'lr': expected a whole number, found 0.5",
        assertThrows(IllegalArgumentException.class, () -> c.number("lr")).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> c.string("seed")).getMessage()
        .startsWith("header has no field 'seed'"));
    assertEquals("no tensor 'optim.m'; this checkpoint holds [params]",
        assertThrows(IllegalArgumentException.class, () -> c.tensor("optim.m")).getMessage());
  }

  @Test
  void equalityComparesTensorContents() {
    Map<String, float[]> a = new LinkedHashMap<>();
    a.put("params", new float[] {1, 2});
    a.put("optim.m", new float[] {3});
    Map<String, float[]> b = new LinkedHashMap<>();
    b.put("optim.m", new float[] {3});
    b.put("params", new float[] {1, 2});
    Checkpoint x = new Checkpoint(Map.of("epoch", 1), a);
    Checkpoint y = new Checkpoint(Map.of("epoch", 1L), b);
    assertEquals(x, y);
    assertEquals(x.hashCode(), y.hashCode());
    assertNotEquals(x, new Checkpoint(Map.of("epoch", 1), Map.of("params", new float[] {1, 2.5f}, "optim.m", new float[] {3})));
    assertEquals("Checkpoint[header=[epoch], tensors={params=2 floats, optim.m=1 floats}]", x.toString());
    assertTrue(Arrays.equals(new float[] {1, 2}, x.tensor("params")));
  }
}
