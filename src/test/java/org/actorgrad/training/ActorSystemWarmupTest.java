package org.actorgrad.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The throwaway actor system of a local run's start: started once per JVM, and gone afterwards. */
class ActorSystemWarmupTest {
  private static List<Thread> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).toList();
  }

  private static void awaitGone(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!threadsNamed(prefix).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @Test
  void theWarmUpSystemStartsOnceAndLeavesNoThreadBehind() throws Exception {
    ActorSystemWarmup.startOnce();
    ActorSystemWarmup.done().get(60, TimeUnit.SECONDS); // it made a system and terminated it (or this throws)
    awaitGone("actor-system-warmup");
    awaitGone("actorgrad-warmup"); // Pekko names its threads after the system
    assertEquals(List.of(), threadsNamed("actor-system-warmup"));
    assertEquals(List.of(), threadsNamed("actorgrad-warmup"), "the warm-up's actor system was terminated");

    ActorSystemWarmup.startOnce(); // a JVM that trains again has the classes already
    assertTrue(threadsNamed("actor-system-warmup").isEmpty(), "no second warm-up");
  }
}
