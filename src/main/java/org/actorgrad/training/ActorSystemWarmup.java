package org.actorgrad.training;

import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Starts and stops a throwaway actor system on a background thread while a local run reads its
 * data, so that the classes its own actor system needs (Pekko's, Scala's, the configuration's:
 * about a second of CPU in a fresh JVM, most of it loading and linking classes) are loaded on the
 * core that the data load leaves idle. The run's own system, created after the data, then starts
 * in a fraction of that time (issue 16, time to a result). The warm-up's system runs no actor of
 * the run, binds no port and is gone before the run's starts or soon after; anything it throws is
 * dropped (the run's own system reports what is wrong with the configuration). Once per JVM: in a
 * JVM that trains again (tests, the Java API) the classes are loaded already.
 */
public final class ActorSystemWarmup {
  private static final StartupWarmup WARMUP = new StartupWarmup("actor-system-warmup", ActorSystemWarmup::run);

  private ActorSystemWarmup() {}

  /** Starts the warm-up on a daemon thread, the first time only; returns at once. */
  public static void startOnce() {
    WARMUP.startOnce();
  }

  /** Completes when the warm-up's system has terminated, exceptionally with what it threw (tests). */
  static CompletableFuture<Void> done() {
    return WARMUP.done();
  }

  private static void run() {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "actorgrad-warmup",
        LocalTraining.pekkoConfig(1, ConfigFactory.empty()));
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
