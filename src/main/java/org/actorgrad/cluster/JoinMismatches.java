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
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.event.Logging;

/**
 * The coordinator's side of a join that cannot work: it tells the user, once per key (a node, or
 * a host), a {@link ClusterLog.Mismatch} whose node is still not a member after {@code grace}:
 * a join addressed to another spelling of the coordinator's address (a warning of Pekko's, read
 * by {@link ClusterLog}), or TLS on one end only (a debug line of Pekko's TCP stage, read by
 * {@link TlsMismatch}). The grace is there because a worker joins through every spelling of the
 * coordinator's address at once ({@link JoinAddresses}): the spellings that are not the
 * coordinator's own are dropped while the right one lets the worker in, and only a worker that
 * stays out is news. A node that was ever a member is never reported: the TCP stage's line on a
 * connection to a node that left reads like a failed TLS handshake.
 */
final class JoinMismatches extends AbstractBehavior<Object> {
  private record Check(ClusterLog.Mismatch mismatch) {}

  private final Consumer<String> notes;
  private final Duration grace;
  private final boolean tls;
  private final TimerScheduler<Object> timers;
  private final Set<String> pending = new HashSet<>();
  private final Set<String> said = new HashSet<>();
  /** host:port of every node that was a member since this coordinator started. */
  private final Set<String> members = new HashSet<>();

  /**
   * @param notes where the lines for the user go
   * @param grace how long a node may take to join through another spelling before it is reported
   * @param tls whether this coordinator uses TLS (actorgrad.cluster.tls)
   */
  static Behavior<Object> create(Consumer<String> notes, Duration grace, boolean tls) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      var events = context.getSystem().eventStream();
      events.tell(new EventStream.Subscribe<>(ClusterLog.Mismatch.class, context.getSelf().narrow()));
      events.tell(new EventStream.Subscribe<>(Logging.Debug.class, context.getSelf().narrow()));
      Cluster.get(context.getSystem()).subscriptions().tell(
          Subscribe.create(context.getSelf().narrow(), ClusterEvent.MemberEvent.class));
      return new JoinMismatches(context, notes, grace, tls, timers);
    }));
  }

  private JoinMismatches(ActorContext<Object> context, Consumer<String> notes, Duration grace, boolean tls,
      TimerScheduler<Object> timers) {
    super(context);
    this.notes = notes;
    this.grace = grace;
    this.tls = tls;
    this.timers = timers;
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(ClusterLog.Mismatch.class, this::onMismatch)
        .onMessage(Logging.Debug.class, d -> {
          if (TlsMismatch.LOG_CLASS.equals(d.logClass() == null ? "" : d.logClass().getName())) {
            TlsMismatch.diagnose(String.valueOf(d.message()), tls).ifPresent(this::onMismatch);
          }
          return this;
        })
        .onMessage(ClusterEvent.MemberEvent.class, e -> {
          members.add(WorkerNode.hostPort(e.member().address()));
          return this;
        })
        .onMessage(Check.class, c -> {
          ClusterLog.Mismatch m = c.mismatch();
          pending.remove(m.key());
          if (!wasMember(m.peer()) && said.add(m.key())) {
            notes.accept(m.line());
          }
          return this;
        })
        .build();
  }

  private Behavior<Object> onMismatch(ClusterLog.Mismatch m) {
    if (!said.contains(m.key()) && !wasMember(m.peer()) && pending.add(m.key())) {
      timers.startSingleTimer(m.key(), new Check(m), grace);
    }
    return this;
  }

  private boolean wasMember(String hostPort) {
    if (members.contains(hostPort)) {
      return true;
    }
    for (Member m : Cluster.get(getContext().getSystem()).state().getMembers()) {
      if (WorkerNode.hostPort(m.address()).equals(hostPort)) {
        return true;
      }
    }
    return false;
  }
}
