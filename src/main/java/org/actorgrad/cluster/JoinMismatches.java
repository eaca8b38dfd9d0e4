package org.actorgrad.cluster;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The coordinator's side of a join that cannot work: it tells the user, once per node, a
 * {@link ClusterLog.Mismatch} whose node is still not a member after {@code grace}. The grace is
 * there because a worker joins through every spelling of the coordinator's address at once
 * ({@link JoinAddresses}): the spellings that are not the coordinator's own are dropped while the
 * right one lets the worker in, and only a worker that stays out is news.
 */
final class JoinMismatches extends AbstractBehavior<Object> {
  private record Check(ClusterLog.Mismatch mismatch) {}

  private final Consumer<String> notes;
  private final Duration grace;
  private final TimerScheduler<Object> timers;
  private final Set<String> pending = new HashSet<>();
  private final Set<String> said = new HashSet<>();

  /**
   * @param notes where the lines for the user go
   * @param grace how long a node may take to join through another spelling before it is reported
   */
  static Behavior<Object> create(Consumer<String> notes, Duration grace) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      context.getSystem().eventStream().tell(new EventStream.Subscribe<>(ClusterLog.Mismatch.class, context.getSelf().narrow()));
      return new JoinMismatches(context, notes, grace, timers);
    }));
  }

  private JoinMismatches(ActorContext<Object> context, Consumer<String> notes, Duration grace,
      TimerScheduler<Object> timers) {
    super(context);
    this.notes = notes;
    this.grace = grace;
    this.timers = timers;
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(ClusterLog.Mismatch.class, m -> {
          if (!said.contains(m.peer()) && pending.add(m.peer())) {
            timers.startSingleTimer(m.peer(), new Check(m), grace);
          }
          return this;
        })
        .onMessage(Check.class, c -> {
          String peer = c.mismatch().peer();
          pending.remove(peer);
          if (!isMember(peer)) {
            said.add(peer);
            notes.accept(c.mismatch().line());
          }
          return this;
        })
        .build();
  }

  private boolean isMember(String hostPort) {
    for (Member m : Cluster.get(getContext().getSystem()).state().getMembers()) {
      if (WorkerNode.hostPort(m.address()).equals(hostPort)) {
        return true;
      }
    }
    return false;
  }
}
