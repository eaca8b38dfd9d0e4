package org.actorgrad.training;

import org.actorgrad.training.Protocol.CoordinatorCommand;
import org.apache.pekko.actor.typed.Behavior;

/**
 * Lets an onlooker (the live page) see the messages the run's actors receive, without changing
 * them or the coordinator: the trainers wrap the coordinator's behaviour, and that of every actor
 * in the coordinator's JVM that stands for a worker (a local worker, or the data link of a remote
 * one), before they spawn it. Wrappers run on the wrapped actor's thread: they must be quick.
 */
public interface RunTap {
  /** The coordinator's behaviour, wrapped (Pekko's {@code Behaviors.intercept}) or as it is. */
  default Behavior<CoordinatorCommand> coordinator(Behavior<CoordinatorCommand> behavior) {
    return behavior;
  }

  /**
   * The behaviour of an actor that receives a worker's commands (Setup, TakePartition, Compute, ...)
   * in the coordinator's JVM; it may receive messages of its own too, which must pass untouched.
   */
  default <T> Behavior<T> worker(Behavior<T> behavior) {
    return behavior;
  }

  /** Sees nothing. */
  RunTap NONE = new RunTap() {};
}
