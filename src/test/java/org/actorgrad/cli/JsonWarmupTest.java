package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The JSON warm-up of a run's start: it runs its rows through the mapper once per JVM and ends. */
class JsonWarmupTest {
  private static List<Thread> warmups() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("json-warmup")).toList();
  }

  @Test
  void theWarmUpWritesItsRowsOnceAndLeavesNoThreadBehind() throws Exception {
    JsonWarmup.startOnce();
    JsonWarmup.done().get(60, TimeUnit.SECONDS); // the row was written, bound and laid out (or this throws)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!warmups().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(List.of(), warmups());

    JsonWarmup.startOnce(); // a JVM that trains again has the classes already
    assertTrue(warmups().isEmpty(), "no second warm-up");
  }
}
