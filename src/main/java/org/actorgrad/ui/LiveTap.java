package org.actorgrad.ui;

import org.actorgrad.cluster.KryoSerializer;
import org.actorgrad.training.Protocol.CoordinatorCommand;
import org.actorgrad.training.Protocol.DropPartition;
import org.actorgrad.training.Protocol.Gradient;
import org.actorgrad.training.Protocol.Register;
import org.actorgrad.training.Protocol.Setup;
import org.actorgrad.training.Protocol.TakePartition;
import org.actorgrad.training.RunTap;
import org.actorgrad.training.Worker;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * What the page learns from the actors' mail, without the coordinator's help: which partitions
 * each worker holds (the TakePartition and DropPartition its actor in this JVM receives), when
 * each worker's last gradient reached the coordinator, and which remote workers registered. The
 * messages go on unchanged; each look is one lock and a few fields.
 */
final class LiveTap implements RunTap {
  private final RunState state;
  private final RunMeters meters;

  LiveTap(RunState state, RunMeters meters) {
    this.state = state;
    this.meters = meters;
  }

  @Override
  public Behavior<CoordinatorCommand> coordinator(Behavior<CoordinatorCommand> behavior) {
    return Behaviors.setup(context -> {
      KryoSerializer.of(context.getSystem()).ifPresent(k -> meters.wire(k.traffic()));
      return Behaviors.intercept(CoordinatorMail::new, behavior);
    });
  }

  @Override
  public <T> Behavior<T> worker(Behavior<T> behavior) {
    return Behaviors.intercept(WorkerMail::new, behavior);
  }

  private final class CoordinatorMail extends BehaviorInterceptor<CoordinatorCommand, CoordinatorCommand> {
    CoordinatorMail() {
      super(CoordinatorCommand.class);
    }

    @Override
    public Behavior<CoordinatorCommand> aroundReceive(TypedActorContext<CoordinatorCommand> context,
        CoordinatorCommand message, ReceiveTarget<CoordinatorCommand> target) {
      if (message instanceof Gradient g && g.worker() != null) {
        state.gradient(Worker.describe(g.worker()), System.nanoTime());
      } else if (message instanceof Register r) {
        state.workerSeen(Worker.describe(r.worker()), System.nanoTime());
      }
      return target.apply(context, message);
    }
  }

  private final class WorkerMail<T> extends BehaviorInterceptor<T, T> {
    @SuppressWarnings("unchecked")
    WorkerMail() {
      super((Class<T>) Object.class); // the actor's own messages (a link's, say) pass untouched
    }

    @Override
    public Behavior<T> aroundReceive(TypedActorContext<T> context, T message, ReceiveTarget<T> target) {
      if (message instanceof TakePartition t) {
        state.partitionTaken(name(context), t.partition());
      } else if (message instanceof DropPartition d) {
        state.partitionDropped(name(context), d.partition());
      } else if (message instanceof Setup) {
        state.workerSeen(name(context), System.nanoTime());
      }
      return target.apply(context, message);
    }

    private String name(TypedActorContext<T> context) {
      // A data link's actor is named after its remote worker (name@host:port), a local worker's is its own.
      return context.asJava().getSelf().path().name();
    }
  }
}
