package org.actorgrad.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import org.actorgrad.training.LocalTraining;
import org.actorgrad.training.Protocol.Compute;
import org.actorgrad.training.Protocol.DropPartition;
import org.actorgrad.training.Protocol.Finish;
import org.actorgrad.training.Protocol.Gradient;
import org.actorgrad.training.Protocol.OpenLink;
import org.actorgrad.training.Protocol.Setup;
import org.actorgrad.training.Protocol.TakePartition;
import org.actorgrad.training.Protocol.WorkerCommand;
import org.actorgrad.training.Worker;
import org.actorgrad.training.WorkerState;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A worker as a worker node offers it to the cluster. Until the coordinator invites it to a data
 * link, commands come through Artery and a {@link Worker} child computes them. An
 * {@link OpenLink} makes it connect to the coordinator; from then on every command comes through
 * the link, and the link's thread is the worker: it keeps the partitions, computes each step and
 * writes the gradients back itself, with no hop to another thread in between. It ends when the
 * run is over (Finish, by either way) or fails when the computation does.
 */
final class LinkedWorker extends AbstractBehavior<Object> {
  private static final int CONNECT_TIMEOUT_MS = 5_000;

  /** The link's thread saw the run end, or the computation fail. */
  private record LinkEnded(RuntimeException failure) {}

  private final ActorRef<WorkerCommand> compute;
  private final KryoSerializer kryo;
  private final long maxFrame;
  private final SharedMemory.Settings sharedMemory;
  private final Consumer<String> notes;
  private SocketChannel link;

  /**
   * @param kryo the node's serializer, which frames the link's messages
   * @param maxFrame the longest frame accepted from the coordinator
   * @param sharedMemory whether to accept the coordinator's shared rings, and where they may be
   */
  static Behavior<WorkerCommand> create(KryoSerializer kryo, long maxFrame, SharedMemory.Settings sharedMemory,
      Consumer<String> notes) {
    return Behaviors.<Object>setup(context -> new LinkedWorker(context, kryo, maxFrame, sharedMemory, notes))
        .narrow();
  }

  private LinkedWorker(ActorContext<Object> context, KryoSerializer kryo, long maxFrame,
      SharedMemory.Settings sharedMemory, Consumer<String> notes) {
    super(context);
    this.kryo = kryo;
    this.maxFrame = maxFrame;
    this.sharedMemory = sharedMemory;
    this.notes = notes;
    this.compute = context.spawn(Worker.create(), "compute",
        DispatcherSelector.fromConfig(LocalTraining.COMPUTE_DISPATCHER));
    context.watch(compute);
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(OpenLink.class, this::open)
        .onMessage(WorkerCommand.class, c -> {
          compute.tell(c);
          return this;
        })
        .onMessage(LinkEnded.class, e -> {
          if (e.failure() != null) {
            throw e.failure();
          }
          return Behaviors.stopped();
        })
        .onSignal(ChildFailed.class, f -> {
          throw new IllegalStateException(String.valueOf(f.getCause().getMessage()), f.getCause());
        })
        .onSignal(Terminated.class, t -> Behaviors.stopped())
        .onSignal(PostStop.class, p -> {
          closeLink();
          return this;
        })
        .build();
  }

  private Behavior<Object> open(OpenLink o) {
    closeLink(); // a coordinator that invites again has given up on the old link
    SocketChannel opened = null;
    try {
      opened = SocketChannel.open();
      opened.setOption(StandardSocketOptions.SO_RCVBUF, LinkFrames.SOCKET_BUFFER); // before connect: sets the window scale
      opened.setOption(StandardSocketOptions.SO_SNDBUF, LinkFrames.SOCKET_BUFFER);
      opened.socket().connect(new InetSocketAddress(o.host(), o.port()), CONNECT_TIMEOUT_MS);
      opened.setOption(StandardSocketOptions.TCP_NODELAY, true);
      LinkFrames.writeHello(opened.socket().getOutputStream(), o.token());
    } catch (IOException e) {
      if (opened != null) {
        DataLinkServer.closeQuietly(opened);
      }
      notes.accept(String.format("cannot open a data link to the coordinator at %s:%d (%s); steps will come "
          + "through the cluster transport", o.host(), o.port(), e.getMessage()));
      return this;
    }
    SocketChannel channel = opened;
    link = channel;
    ActorRef<Object> self = getContext().getSelf();
    Thread thread = new Thread(() -> serve(channel, self), "data-link-" + self.path().name());
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /**
   * The link's thread: runs the commands in the order they come, answering through the link.
   * A link that closes or breaks ends quietly: a lost coordinator is noticed, and reported, by
   * the cluster membership. Its step buffers allocate nothing per step: one gradient array,
   * reused because each gradient is written to the link before the next is computed, and the
   * weights of each Compute, decoded into an array of the node's pool and given back once the
   * step's gradients are written.
   */
  private void serve(SocketChannel channel, ActorRef<Object> self) {
    WorkerState state = new WorkerState(true); // each gradient is encoded before the reply returns
    try {
      LinkFrames.Writer out = new LinkFrames.Writer(channel, kryo);
      Consumer<Gradient> reply = g -> {
        try {
          out.write(g);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };
      LinkFrames.Reader frames = new LinkFrames.Reader(channel, kryo, maxFrame);
      for (Object m = frames.next(); m != null; m = frames.next()) {
        if (m instanceof Compute c) {
          state.compute(c, reply);
          kryo.arrays().giveBack(c.params()); // its gradients are written: read by nothing any more
        } else if (m instanceof Setup s) {
          state.setup(s);
        } else if (m instanceof TakePartition t) {
          state.take(t);
        } else if (m instanceof DropPartition d) {
          state.drop(d);
        } else if (m instanceof SharedMemory.Offer o) {
          SharedMemory.Rings rings = accept(o);
          out.write(new SharedMemory.Answer(rings != null));
          if (rings != null) {
            frames.useRing(rings.toWorker());
            out.useRing(rings.toCoordinator());
          }
        } else if (m == Finish.INSTANCE) {
          self.tell(new LinkEnded(null));
          return;
        } else {
          throw new IOException("the coordinator sent a " + m.getClass().getSimpleName() + " over the data link");
        }
      }
    } catch (IOException | UncheckedIOException e) {
      if (channel.isOpen()) {
        notes.accept("the data link to the coordinator broke: " + e.getMessage());
      }
    } catch (RuntimeException e) {
      self.tell(new LinkEnded(e));
    } finally {
      DataLinkServer.closeQuietly(channel);
    }
  }

  /** The coordinator's rings, mapped, or null when this node does not share memory with it. */
  private SharedMemory.Rings accept(SharedMemory.Offer offer) {
    if (!sharedMemory.enabled()) {
      return null;
    }
    try {
      return sharedMemory.accept(offer);
    } catch (IOException e) {
      return null; // another host or container: the usual case, not news
    }
  }

  private void closeLink() {
    if (link != null) {
      DataLinkServer.closeQuietly(link);
      link = null;
    }
  }
}
