package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Nodes#stop}: a node that cannot stop in time does not hold its process. */
class NodesTest {
  private static ActorSystem<Void> system(Behavior<Void> guardian) {
    return ActorSystem.create(guardian, "nodes-test", ConfigFactory.parseString(
        "pekko.loglevel = OFF\npekko.stdout-loglevel = OFF\npekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off")
        .withFallback(ConfigFactory.load()));
  }

  @Test
  void aSystemThatStopsInTimeIsWaitedForAndNothingIsSaid() {
    List<String> notes = new CopyOnWriteArrayList<>();
    ActorSystem<Void> system = system(Behaviors.empty());

    assertTrue(Nodes.stop(system, Duration.ofSeconds(30), notes::add));
    assertTrue(system.getWhenTerminated().toCompletableFuture().isDone());
    assertEquals(List.of(), notes);
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES) // a stop without a limit would wait here for ever
  void aSystemThatCannotStopInTimeIsLeftWithOneLine() throws Exception {
    List<String> notes = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    // An actor whose stop blocks its thread until released: the system cannot finish terminating.
    Behavior<Void> stuck = Behaviors.setup(context -> {
      context.spawn(Behaviors.<Void>setup(child -> {
        started.countDown();
        return Behaviors.receive(Void.class).onSignal(PostStop.class, s -> {
          release.await(60, TimeUnit.SECONDS);
          return Behaviors.same();
        }).build();
      }), "stuck");
      return Behaviors.empty();
    });
    ActorSystem<Void> system = system(stuck);
    try {
      // The system is made before its guardian runs: stopped sooner, it would have nothing to wait for.
      assertTrue(started.await(30, TimeUnit.SECONDS), "the stuck actor never started");
      assertFalse(Nodes.stop(system, Duration.ofMillis(300), notes::add));
      assertEquals(1, notes.size(), notes.toString());
      assertTrue(notes.get(0).startsWith("this node had not left the cluster after 0.3 s"), notes.get(0));
    } finally {
      release.countDown();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
