package org.actorgrad.cluster;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.ByteBufferInput;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import java.io.IOException;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.Optional;
import org.actorgrad.training.FloatArrays;
import org.actorgrad.training.Protocol.Gradient;
import org.actorgrad.training.WireMessage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.JSerializer;

/**
 * The Pekko serializer for every {@link WireMessage} (bound in config/cluster.conf). Kryo 5 with
 * registration required: a message is its registration ID followed by its fields, and bytes that
 * name any class outside {@link WireRegistry}, or a registered class that is not a message, are
 * refused before anything is instantiated. Kryo instances are not thread-safe, so they come from
 * a pool; the weights of a step are encoded once for all workers ({@link WeightsCache}). The same
 * bytes travel through Artery ({@link #toBinary}) and through a data link ({@link #writeFrame}).
 *
 * <p>Pekko makes one instance per actor system, so this is the node's serializer, and it owns the
 * node's step buffers: the weights cache and the pool that decoded float arrays come from
 * ({@link #arrays}).
 */
public final class KryoSerializer extends JSerializer {
  /** Pekko's serializer ID for this format; Pekko reserves 0 to 40 for its own. */
  public static final int IDENTIFIER = 7461;

  private static final int INITIAL_BUFFER = 4096;

  /**
   * Output buffers above this size are dropped after use instead of pooled: a partition's samples
   * (tens of MB, once per run) should not stay resident; a step's weights (below it) should, so
   * that encoding them neither grows a buffer nor allocates one.
   */
  private static final int POOLED_BUFFER_LIMIT = 16 << 20;

  private final WeightsCache weights = new WeightsCache();
  private final FloatArrays arrays = new FloatArrays();
  private final Pool<Kryo> pool;
  private final WireTraffic traffic = new WireTraffic();
  private final Pool<WireOutput> outputs = new Pool<>(true, false, 16) {
    @Override
    protected WireOutput create() {
      return new WireOutput(INITIAL_BUFFER);
    }
  };

  public KryoSerializer(ExtendedActorSystem system) {
    ActorRefSerializer refs = new ActorRefSerializer(new Lazy<>(
        () -> ActorRefResolver.get(Adapter.toTyped(system))));
    this.pool = new Pool<>(true, false, 32) {
      @Override
      protected Kryo create() {
        return WireRegistry.newKryo(refs, weights, arrays);
      }
    };
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public boolean includeManifest() {
    return false; // the registration ID at the start of the bytes names the message
  }

  @Override
  public byte[] toBinary(Object message) {
    WireOutput output = outputs.obtain();
    try {
      encode(message, output);
      return output.toBytes();
    } finally {
      release(output);
    }
  }

  /**
   * Writes one message to a data link: its length (4 bytes, little-endian), then exactly the bytes
   * {@link #toBinary} makes, from one direct buffer.
   */
  public void writeFrame(WireMessage message, WritableByteChannel channel) throws IOException {
    WireOutput output = outputs.obtain();
    try {
      output.setPosition(Integer.BYTES);
      encode(message, output);
      ByteBuffer frame = output.written().order(ByteOrder.LITTLE_ENDIAN);
      frame.putInt(0, frame.limit() - Integer.BYTES);
      while (frame.hasRemaining()) {
        channel.write(frame);
      }
    } finally {
      release(output);
    }
  }

  /**
   * Encodes the message into {@code space} from its start; returns its length, or 0 when it does
   * not fit there (nothing of it counts as sent then).
   */
  int encodeInto(WireMessage message, ByteBuffer space) {
    if (!space.hasRemaining()) {
      return 0;
    }
    WireOutput output = new WireOutput(space);
    try {
      encode(message, output);
      return output.position();
    } catch (KryoBufferOverflowException e) {
      return 0;
    }
  }

  /** Appends the message's bytes to {@code output} (from its position on) and counts them. */
  private void encode(Object message, Output output) {
    if (!(message instanceof WireMessage)) {
      throw new WireFormatException("only WireMessage classes go on the wire, got " + message.getClass().getName());
    }
    Kryo kryo = pool.obtain();
    try {
      int start = output.position();
      kryo.writeClassAndObject(output, message);
      traffic.sent(message.getClass(), output.position() - start);
    } catch (KryoBufferOverflowException e) {
      throw e; // a fixed output too small: the caller writes the message another way
    } catch (KryoException | IllegalArgumentException e) {
      throw new WireFormatException("cannot serialize " + message.getClass().getName() + ": "
          + firstLine(e) + " (every class on the wire must be registered in WireRegistry)", e);
    } finally {
      pool.free(kryo);
    }
  }

  private void release(WireOutput output) {
    if (output.bufferSize() <= POOLED_BUFFER_LIMIT) {
      output.reset();
      outputs.free(output);
    }
  }

  @Override
  public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
    return fromBinary(bytes, bytes.length);
  }

  /** Decodes the message in {@code bytes[0, length)}: all of them, or it is refused. */
  public Object fromBinary(byte[] bytes, int length) {
    return decode(new Input(bytes, 0, length), length);
  }

  /** Decodes the message in {@code frame} from its position to its limit: all of it, or it is refused. */
  public Object fromBinary(ByteBuffer frame) {
    return decode(new ByteBufferInput(frame.slice()), frame.remaining());
  }

  private Object decode(Input input, int length) {
    Kryo kryo = pool.obtain();
    try {
      Registration registration = kryo.readClass(input);
      if (registration == null || !WireMessage.class.isAssignableFrom(registration.getType())) {
        throw new WireFormatException("refused: expected a WireMessage, the bytes name "
            + (registration == null ? "null" : registration.getType().getName()));
      }
      Class<?> type = registration.getType();
      Object message = kryo.readObject(input, type);
      if (input.position() != length) {
        throw new WireFormatException("refused: " + (length - input.position())
            + " bytes left after a " + registration.getType().getSimpleName());
      }
      traffic.received(type, length);
      return message;
    } catch (KryoException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new WireFormatException("refused " + length + " bytes that are not a message of "
          + "this actorgrad version: " + firstLine(e), e);
    } finally {
      pool.free(kryo);
    }
  }

  /** What went through this serializer since the system started (messages to and from other JVMs). */
  public WireTraffic traffic() {
    return traffic;
  }

  /**
   * The pool this node's decoded weights and gradients are taken from; whoever reads one last
   * gives it back here (the rule: {@link FloatArrays}).
   */
  FloatArrays arrays() {
    return arrays;
  }

  /** Distinct weight arrays encoded (once per step, however many workers receive them). */
  public long weightEncodings() {
    return weights.encodings();
  }

  /** The instance serializing this system's wire messages, if config binds them to Kryo. */
  public static Optional<KryoSerializer> of(ActorSystem<?> system) {
    try {
      return SerializationExtension.get(Adapter.toClassic(system)).serializerFor(Gradient.class)
          instanceof KryoSerializer k ? Optional.of(k) : Optional.empty();
    } catch (NotSerializableException e) {
      return Optional.empty();
    }
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int newline = m.indexOf('\n');
    return newline < 0 ? m : m.substring(0, newline);
  }
}
