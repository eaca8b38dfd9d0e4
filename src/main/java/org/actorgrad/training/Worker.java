package org.actorgrad.training;

import org.actorgrad.training.Protocol.Compute;
import org.actorgrad.training.Protocol.DropPartition;
import org.actorgrad.training.Protocol.Finish;
import org.actorgrad.training.Protocol.Setup;
import org.actorgrad.training.Protocol.TakePartition;
import org.actorgrad.training.Protocol.WorkerCommand;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The worker actor: a {@link WorkerState} behind a mailbox, answering each Compute to its
 * {@code replyTo}. Runs on the compute dispatcher, so its message handling is the computation.
 */
public final class Worker {
  private Worker() {}

  /** A worker whose every gradient is a new array. */
  public static Behavior<WorkerCommand> create() {
    return create(null);
  }

  /**
   * A worker that takes its gradient arrays from {@code gradientArrays} (see
   * {@link WorkerState#WorkerState(FloatArrays)}), or allocates each when it is null.
   */
  public static Behavior<WorkerCommand> create(FloatArrays gradientArrays) {
    return Behaviors.setup(context -> {
      WorkerState state = gradientArrays == null ? new WorkerState() : new WorkerState(gradientArrays);
      return Behaviors.receive(WorkerCommand.class)
          .onMessage(Setup.class, s -> {
            state.setup(s);
            return Behaviors.same();
          })
          .onMessage(TakePartition.class, t -> {
            state.take(t);
            return Behaviors.same();
          })
          .onMessage(DropPartition.class, d -> {
            state.drop(d);
            return Behaviors.same();
          })
          .onMessage(Compute.class, c -> {
            state.compute(c, c.replyTo()::tell);
            return Behaviors.same();
          })
          .onMessageEquals(Finish.INSTANCE, Behaviors::stopped)
          .build();
    });
  }

  /**
   * A worker as a user reads it: {@code worker-0@10.0.0.5:41234} when it lives in another JVM,
   * else its name (a data link's stand-in is named after its remote worker, so it reads the same).
   */
  public static String describe(ActorRef<?> worker) {
    Address address = worker.path().address();
    return address.hasGlobalScope() && address.host().isDefined() && address.port().isDefined()
        ? worker.path().name() + "@" + address.host().get() + ":" + address.port().get()
        : worker.path().name();
  }
}
