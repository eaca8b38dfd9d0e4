package org.actorgrad.cluster;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.actorgrad.training.FloatArrays;
import org.actorgrad.training.Protocol.Compute;
import org.actorgrad.training.Protocol.CoordinatorCommand;
import org.actorgrad.training.Protocol.DropPartition;
import org.actorgrad.training.Protocol.Finish;
import org.actorgrad.training.Protocol.Gradient;
import org.actorgrad.training.Protocol.OpenLink;
import org.actorgrad.training.Protocol.Register;
import org.actorgrad.training.Protocol.Setup;
import org.actorgrad.training.Protocol.TakePartition;
import org.actorgrad.training.Protocol.WorkerCommand;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One Kryo serializer per protocol message, writing the fields in declaration order with fixed
 * types: nothing on the wire names a type below the message itself, so no field can smuggle in
 * another class. Arrays go through the registered array serializers (bulk, length-checked); the
 * big float arrays of a step (Compute's weights, Gradient's gradient) are decoded into arrays
 * taken from the node's pool ({@link FloatArrays}).
 */
final class MessageSerializers {
  private MessageSerializers() {}

  static final class SetupSerializer extends Serializer<Setup> {
    @Override
    public void write(Kryo kryo, Output out, Setup s) {
      BoundedReads.writeString(out, s.layers());
      out.writeVarInt(s.inputs(), true);
      out.writeVarInt(s.classes(), true);
      BoundedReads.writeString(out, s.loss());
      out.writeLong(s.seed());
      out.writeVarInt(s.maxBatch(), true);
    }

    @Override
    public Setup read(Kryo kryo, Input in, Class<? extends Setup> type) {
      return new Setup(BoundedReads.readString(in, "Setup.layers"), in.readVarInt(true),
          in.readVarInt(true), BoundedReads.readString(in, "Setup.loss"), in.readLong(),
          in.readVarInt(true));
    }
  }

  static final class TakePartitionSerializer extends Serializer<TakePartition> {
    @Override
    public void write(Kryo kryo, Output out, TakePartition t) {
      out.writeVarInt(t.partition(), true);
      out.writeVarInt(t.rows(), true);
      out.writeVarInt(t.cols(), true);
      kryo.writeObject(out, t.pixels());
      kryo.writeObject(out, t.labels());
      kryo.writeObject(out, t.sampleIds());
    }

    @Override
    public TakePartition read(Kryo kryo, Input in, Class<? extends TakePartition> type) {
      return new TakePartition(in.readVarInt(true), in.readVarInt(true), in.readVarInt(true),
          kryo.readObject(in, byte[].class), kryo.readObject(in, byte[].class),
          kryo.readObject(in, int[].class));
    }
  }

  static final class DropPartitionSerializer extends Serializer<DropPartition> {
    @Override
    public void write(Kryo kryo, Output out, DropPartition d) {
      out.writeVarInt(d.partition(), true);
    }

    @Override
    public DropPartition read(Kryo kryo, Input in, Class<? extends DropPartition> type) {
      return new DropPartition(in.readVarInt(true));
    }
  }

  /**
   * The weights, the biggest field, come from the cache: encoded once per step for all workers;
   * decoded into an array of the node's pool.
   */
  static final class ComputeSerializer extends Serializer<Compute> {
    private final WeightsCache weights;
    private final FloatArrays arrays;
    private final ActorRefSerializer refs;

    ComputeSerializer(WeightsCache weights, FloatArrays arrays, ActorRefSerializer refs) {
      this.weights = weights;
      this.arrays = arrays;
      this.refs = refs;
    }

    @Override
    public void write(Kryo kryo, Output out, Compute c) {
      out.writeVarLong(c.step(), true);
      weights.write(out, c.step(), c.params());
      kryo.writeObject(out, c.partitions());
      kryo.writeObject(out, c.positions());
      kryo.writeObject(out, c.worker(), refs);
      kryo.writeObject(out, c.replyTo(), refs);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Compute read(Kryo kryo, Input in, Class<? extends Compute> type) {
      return new Compute(in.readVarLong(true), ArraySerializers.FloatArray.read(in, arrays::take),
          kryo.readObject(in, int[].class), kryo.readObject(in, int[][].class),
          (ActorRef<WorkerCommand>) kryo.readObject(in, ActorRef.class, refs),
          (ActorRef<CoordinatorCommand>) kryo.readObject(in, ActorRef.class, refs));
    }
  }

  /** The only message without fields: nothing to write, the registered ID says it all. */
  static final class FinishSerializer extends Serializer<Finish> {
    @Override
    public void write(Kryo kryo, Output out, Finish f) {}

    @Override
    public Finish read(Kryo kryo, Input in, Class<? extends Finish> type) {
      return Finish.INSTANCE;
    }
  }

  /** The gradient is decoded into an array of the node's pool. */
  static final class GradientSerializer extends Serializer<Gradient> {
    private final FloatArrays arrays;
    private final ActorRefSerializer refs;

    GradientSerializer(FloatArrays arrays, ActorRefSerializer refs) {
      this.arrays = arrays;
      this.refs = refs;
    }

    @Override
    public void write(Kryo kryo, Output out, Gradient g) {
      out.writeVarLong(g.step(), true);
      out.writeVarInt(g.partition(), true);
      kryo.writeObject(out, g.gradient());
      out.writeDouble(g.lossSum());
      out.writeVarInt(g.correct(), true);
      out.writeVarInt(g.count(), true);
      out.writeVarLong(g.computeNanos(), true);
      kryo.writeObject(out, g.worker(), refs);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Gradient read(Kryo kryo, Input in, Class<? extends Gradient> type) {
      return new Gradient(in.readVarLong(true), in.readVarInt(true), ArraySerializers.FloatArray.read(in, arrays::take),
          in.readDouble(), in.readVarInt(true), in.readVarInt(true), in.readVarLong(true),
          (ActorRef<WorkerCommand>) kryo.readObject(in, ActorRef.class, refs));
    }
  }

  static final class RegisterSerializer extends Serializer<Register> {
    private final ActorRefSerializer refs;

    RegisterSerializer(ActorRefSerializer refs) {
      this.refs = refs;
    }

    @Override
    public void write(Kryo kryo, Output out, Register r) {
      kryo.writeObject(out, r.worker(), refs);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Register read(Kryo kryo, Input in, Class<? extends Register> type) {
      return new Register((ActorRef<WorkerCommand>) kryo.readObject(in, ActorRef.class, refs));
    }
  }

  static final class OpenLinkSerializer extends Serializer<OpenLink> {
    @Override
    public void write(Kryo kryo, Output out, OpenLink o) {
      BoundedReads.writeString(out, o.host());
      out.writeVarInt(o.port(), true);
      kryo.writeObject(out, o.token());
    }

    @Override
    public OpenLink read(Kryo kryo, Input in, Class<? extends OpenLink> type) {
      return new OpenLink(BoundedReads.readString(in, "OpenLink.host"), in.readVarInt(true),
          kryo.readObject(in, byte[].class));
    }
  }

  static final class RunEndedSerializer extends Serializer<RunEnded> {
    @Override
    public void write(Kryo kryo, Output out, RunEnded r) {
      BoundedReads.writeString(out, r.failure());
      out.writeBoolean(r.stopped());
    }

    @Override
    public RunEnded read(Kryo kryo, Input in, Class<? extends RunEnded> type) {
      String failure = BoundedReads.readString(in, "RunEnded.failure");
      boolean stopped = in.readBoolean();
      if (stopped && failure.isEmpty()) {
        throw new WireFormatException("RunEnded: a stopped run without its stop's line");
      }
      return new RunEnded(failure, stopped);
    }
  }

  static final class SharedMemoryOfferSerializer extends Serializer<SharedMemory.Offer> {
    @Override
    public void write(Kryo kryo, Output out, SharedMemory.Offer o) {
      BoundedReads.writeString(out, o.toWorker());
      BoundedReads.writeString(out, o.toCoordinator());
      kryo.writeObject(out, o.nonce());
    }

    @Override
    public SharedMemory.Offer read(Kryo kryo, Input in, Class<? extends SharedMemory.Offer> type) {
      return new SharedMemory.Offer(BoundedReads.readString(in, "SharedMemory.Offer.toWorker"),
          BoundedReads.readString(in, "SharedMemory.Offer.toCoordinator"), kryo.readObject(in, byte[].class));
    }
  }

  static final class SharedMemoryAnswerSerializer extends Serializer<SharedMemory.Answer> {
    @Override
    public void write(Kryo kryo, Output out, SharedMemory.Answer a) {
      out.writeBoolean(a.mapped());
    }

    @Override
    public SharedMemory.Answer read(Kryo kryo, Input in, Class<? extends SharedMemory.Answer> type) {
      return new SharedMemory.Answer(in.readBoolean());
    }
  }
}
