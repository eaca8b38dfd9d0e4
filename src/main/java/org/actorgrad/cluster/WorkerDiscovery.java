package org.actorgrad.cluster;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.actorgrad.training.Protocol.CoordinatorCommand;
import org.actorgrad.training.Protocol.Register;
import org.actorgrad.training.Protocol.WorkerCommand;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * Introduces the workers of other nodes to the coordinator: it subscribes to the receptionist's
 * listing of {@link WorkerNode#SERVICE} and sends a {@link Register} for each worker it has not
 * seen. Departures need nothing here: the coordinator watches its workers, and a worker whose
 * node is downed or removed from the cluster is reported to it as stopped.
 */
public final class WorkerDiscovery extends AbstractBehavior<Receptionist.Listing> {
  private final ActorRef<CoordinatorCommand> coordinator;
  private final int expected;
  private final Consumer<String> notes;
  private final Set<ActorRef<WorkerCommand>> seen = new HashSet<>();

  /**
   * @param expected workers the coordinator waits for: arrivals are noted until that many came
   * @param notes where lines for the user go
   */
  public static Behavior<Receptionist.Listing> create(
      ActorRef<CoordinatorCommand> coordinator, int expected, Consumer<String> notes) {
    return Behaviors.setup(context -> {
      context.getSystem().receptionist().tell(Receptionist.subscribe(WorkerNode.SERVICE, context.getSelf()));
      return new WorkerDiscovery(context, coordinator, expected, notes);
    });
  }

  private WorkerDiscovery(ActorContext<Receptionist.Listing> context,
      ActorRef<CoordinatorCommand> coordinator, int expected, Consumer<String> notes) {
    super(context);
    this.coordinator = coordinator;
    this.expected = expected;
    this.notes = notes;
  }

  @Override
  public Receive<Receptionist.Listing> createReceive() {
    return newReceiveBuilder().onMessage(Receptionist.Listing.class, this::onListing).build();
  }

  private Behavior<Receptionist.Listing> onListing(Receptionist.Listing listing) {
    for (ActorRef<WorkerCommand> worker : listing.getServiceInstances(WorkerNode.SERVICE)) {
      if (seen.add(worker)) {
        coordinator.tell(new Register(worker));
        if (seen.size() <= expected) {
          notes.accept(String.format("worker %s is here (%d of %d)", WorkerNode.describe(worker), seen.size(), expected));
        }
      }
    }
    return this;
  }
}
