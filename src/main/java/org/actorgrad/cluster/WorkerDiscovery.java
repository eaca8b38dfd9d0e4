package org.actorgrad.cluster;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.actorgrad.training.Protocol.CoordinatorCommand;
import org.actorgrad.training.Protocol.Register;
import org.actorgrad.training.RunTap;
import org.actorgrad.training.Protocol.WorkerCommand;
import org.actorgrad.training.Worker;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * Introduces the workers of other nodes to the coordinator: it subscribes to the receptionist's
 * listing of {@link WorkerNode#SERVICE} and, for each worker it has not seen, starts a
 * {@link WorkerLink} (which registers itself once the worker is connected), or without data links
 * sends a {@link Register} for the worker itself. Departures need nothing here: the coordinator
 * watches its workers, and a worker whose node is downed or removed from the cluster (or whose
 * link breaks) is reported to it as stopped.
 */
public final class WorkerDiscovery extends AbstractBehavior<Receptionist.Listing> {
  private final ActorRef<CoordinatorCommand> coordinator;
  private final int expected;
  private final Consumer<String> notes;
  private final Optional<WorkerLink.Settings> links;
  private final RunTap tap;
  private final Set<ActorRef<WorkerCommand>> seen = new HashSet<>();

  /**
   * @param expected workers the coordinator waits for: arrivals are noted until that many came
   * @param notes where lines for the user go
   * @param links how to reach workers through data links; empty: through Artery
   * @param tap wraps each data link's actor (the live page sees the commands it forwards)
   */
  static Behavior<Receptionist.Listing> create(ActorRef<CoordinatorCommand> coordinator, int expected,
      Consumer<String> notes, Optional<WorkerLink.Settings> links, RunTap tap) {
    return Behaviors.setup(context -> {
      context.getSystem().receptionist().tell(Receptionist.subscribe(WorkerNode.SERVICE, context.getSelf()));
      return new WorkerDiscovery(context, coordinator, expected, notes, links, tap);
    });
  }

  private WorkerDiscovery(ActorContext<Receptionist.Listing> context, ActorRef<CoordinatorCommand> coordinator,
      int expected, Consumer<String> notes, Optional<WorkerLink.Settings> links, RunTap tap) {
    super(context);
    this.tap = tap;
    this.coordinator = coordinator;
    this.expected = expected;
    this.notes = notes;
    this.links = links;
  }

  @Override
  public Receive<Receptionist.Listing> createReceive() {
    return newReceiveBuilder().onMessage(Receptionist.Listing.class, this::onListing).build();
  }

  private Behavior<Receptionist.Listing> onListing(Receptionist.Listing listing) {
    for (ActorRef<WorkerCommand> worker : listing.getServiceInstances(WorkerNode.SERVICE)) {
      if (seen.add(worker)) {
        introduce(worker);
        if (seen.size() <= expected) {
          notes.accept(String.format("worker %s is here (%d of %d)", Worker.describe(worker), seen.size(), expected));
        }
      }
    }
    return this;
  }

  private void introduce(ActorRef<WorkerCommand> worker) {
    if (links.isEmpty()) {
      coordinator.tell(new Register(worker));
      return;
    }
    // Named after the worker, so that what the coordinator reports about it reads the same.
    String name = Worker.describe(worker);
    for (int n = 2; getContext().getChild(name).isPresent(); n++) {
      name = Worker.describe(worker) + "-" + n;
    }
    getContext().spawn(tap.worker(WorkerLink.create(worker, coordinator, links.get())), name,
        DispatcherSelector.fromConfig(ClusterConfig.STEP_DISPATCHER));
  }
}
