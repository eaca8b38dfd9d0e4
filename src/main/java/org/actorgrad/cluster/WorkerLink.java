package org.actorgrad.cluster;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.actorgrad.training.Protocol.CoordinatorCommand;
import org.actorgrad.training.Protocol.Finish;
import org.actorgrad.training.Protocol.Gradient;
import org.actorgrad.training.Protocol.OpenLink;
import org.actorgrad.training.Protocol.Register;
import org.actorgrad.training.Protocol.WorkerCommand;
import org.actorgrad.training.Worker;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The coordinator's stand-in for one remote worker, on the coordinator's node. The coordinator
 * sends it commands as to any worker (locally: nothing is serialized on the way) and it writes
 * them to the worker's data link, on the coordinator's own thread (config/cluster.conf,
 * step-dispatcher; a write that stalls is cut by {@link StuckWrites}); a thread reads the
 * worker's gradients from the link and hands them to the coordinator. Everything for the worker
 * goes through the one connection, so a partition always arrives before the first step that uses
 * it. The stand-in stops when the link breaks or the worker's node is gone, which the
 * coordinator, watching it, takes as the worker stopping. A worker that does not connect in time
 * is introduced to the coordinator directly instead, and its steps go through Artery.
 */
final class WorkerLink extends AbstractBehavior<Object> {
  /** What every link of a coordinator shares. */
  record Settings(DataLinkServer server, String host, Duration connectTimeout, KryoSerializer kryo,
      long maxFrame, SharedMemory.Settings sharedMemory, Consumer<String> notes) {}

  private record Connected(SocketChannel channel) {}

  /** The link ended: {@code reason} says why, or is null when the worker closed it between frames. */
  private record Broken(String reason) {}

  private enum ConnectTimedOut { INSTANCE }

  private final ActorRef<WorkerCommand> worker;
  private final ActorRef<CoordinatorCommand> coordinator;
  private final Settings settings;
  private final byte[] token;
  private final AtomicBoolean settled = new AtomicBoolean(); // connected, or given up on
  private SocketChannel channel;
  private LinkFrames.Writer frames;
  private SharedMemory.Rings offered; // until the worker answers the offer
  private StuckWrites.Watch writes;
  private boolean finished;

  static Behavior<Object> create(
      ActorRef<WorkerCommand> worker, ActorRef<CoordinatorCommand> coordinator, Settings settings) {
    return Behaviors.setup(context -> Behaviors.withTimers(
        timers -> new WorkerLink(context, timers, worker, coordinator, settings)));
  }

  private WorkerLink(ActorContext<Object> context, TimerScheduler<Object> timers,
      ActorRef<WorkerCommand> worker, ActorRef<CoordinatorCommand> coordinator, Settings settings) {
    super(context);
    this.worker = worker;
    this.coordinator = coordinator;
    this.settings = settings;
    ActorRef<Object> self = context.getSelf();
    this.token = settings.server().invite(s -> {
      if (settled.compareAndSet(false, true)) {
        self.tell(new Connected(s));
      } else {
        DataLinkServer.closeQuietly(s);
      }
    });
    context.watch(worker);
    worker.tell(new OpenLink(settings.host(), settings.server().port(), token));
    timers.startSingleTimer(ConnectTimedOut.INSTANCE, settings.connectTimeout());
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(Connected.class, this::onConnected)
        .onMessageEquals(ConnectTimedOut.INSTANCE, this::onConnectTimedOut)
        .onSignal(Terminated.class, t -> Behaviors.stopped())
        .onSignal(PostStop.class, p -> closed())
        .build();
  }

  private Behavior<Object> onConnected(Connected c) {
    channel = c.channel();
    writes = settings.server().stuckWrites().watch(channel, Worker.describe(worker));
    frames = new LinkFrames.Writer(channel, settings.kryo());
    offerSharedMemory();
    startReader();
    coordinator.tell(new Register(getContext().getSelf().narrow()));
    return newReceiveBuilder()
        .onMessage(WorkerCommand.class, this::send)
        .onMessage(Broken.class, this::onBroken)
        .onSignal(Terminated.class, t -> Behaviors.stopped())
        .onSignal(PostStop.class, p -> closed())
        .build();
  }

  private Behavior<Object> onConnectTimedOut() {
    if (!settled.compareAndSet(false, true)) {
      return this; // the connection came just now; Connected is on its way
    }
    settings.server().withdraw(token);
    settings.notes().accept(String.format("worker %s did not open a data link to %s:%d within %d s; its "
            + "steps go through the cluster transport (slower, same weights)", Worker.describe(worker),
        settings.host(), settings.server().port(), settings.connectTimeout().toSeconds()));
    coordinator.tell(new Register(worker));
    return Behaviors.stopped();
  }

  private Behavior<Object> send(WorkerCommand command) {
    finished |= command == Finish.INSTANCE;
    try {
      writes.begin();
      try {
        frames.write(command);
      } finally {
        writes.end();
      }
      return Behaviors.same(); // not `this`: that would go back to the receive of a link still connecting
    } catch (IOException e) {
      return onBroken(new Broken("writing to it failed: " + (e.getMessage() == null ? e : e.getMessage())));
    }
  }

  private Behavior<Object> onBroken(Broken b) {
    // A worker that closes its link cleanly is ending on purpose (the run's Finish reached it
    // through Artery, or its node is shutting down); if it still had partitions, the coordinator
    // reports it lost anyway. Only a break mid-frame or a failed write is news.
    if (!finished && b.reason() != null) {
      settings.notes().accept("data link to worker " + Worker.describe(worker) + " broke: " + b.reason());
    }
    return Behaviors.stopped();
  }

  /**
   * Offers the worker a shared ring each way, in case it runs on this host. Until it answers, and
   * for good if it cannot map them, frames go through the socket.
   */
  private void offerSharedMemory() {
    if (!settings.sharedMemory().enabled()) {
      return;
    }
    SharedMemory.Created created;
    try {
      created = settings.sharedMemory().create();
    } catch (IOException e) {
      settings.notes().accept("no shared memory for worker " + Worker.describe(worker) + " ("
          + e.getMessage() + "); its steps go through the data link's socket");
      return;
    }
    offered = created.rings();
    try {
      frames.write(created.offer());
    } catch (IOException e) {
      // the link is broken: the reader or the next write reports it, and closed() removes the files
    }
  }

  private void startReader() {
    ActorRef<Object> self = getContext().getSelf();
    LinkFrames.Reader incoming = new LinkFrames.Reader(channel, settings.kryo(), settings.maxFrame());
    Thread reader = new Thread(() -> {
      try {
        for (Object m = incoming.next(); m != null; m = incoming.next()) {
          if (m instanceof Gradient g) {
            coordinator.tell(g);
          } else if (m instanceof SharedMemory.Answer a && offered != null) {
            answered(a, incoming);
          } else {
            throw new IOException("a worker sent a " + m.getClass().getSimpleName() + " (only gradients come back)");
          }
        }
        self.tell(new Broken(null));
      } catch (IOException e) {
        self.tell(new Broken(String.valueOf(e.getMessage())));
      }
    }, "data-link-from-" + worker.path().name());
    reader.setDaemon(true);
    reader.start();
  }

  /** On the reader's thread: the worker mapped the rings, or could not. */
  private void answered(SharedMemory.Answer answer, LinkFrames.Reader incoming) {
    offered.unlink(); // mapped by both ends, or by no one else
    if (answer.mapped()) {
      incoming.useRing(offered.toCoordinator());
      frames.useRing(offered.toWorker());
      settings.notes().accept("worker " + Worker.describe(worker)
          + " runs on this host: its steps go through shared memory");
    }
  }

  private Behavior<Object> closed() {
    settled.set(true); // a connection arriving after this is closed by the invitation's callback
    settings.server().withdraw(token);
    if (offered != null) {
      offered.unlink();
    }
    if (channel != null) {
      settings.server().stuckWrites().unwatch(writes);
      DataLinkServer.closeQuietly(channel);
    }
    return this;
  }
}
