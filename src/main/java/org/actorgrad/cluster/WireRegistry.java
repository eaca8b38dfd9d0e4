package org.actorgrad.cluster;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import org.actorgrad.training.FloatArrays;
import org.actorgrad.training.Protocol.Compute;
import org.actorgrad.training.Protocol.DropPartition;
import org.actorgrad.training.Protocol.Finish;
import org.actorgrad.training.Protocol.Gradient;
import org.actorgrad.training.Protocol.OpenLink;
import org.actorgrad.training.Protocol.Register;
import org.actorgrad.training.Protocol.Setup;
import org.actorgrad.training.Protocol.TakePartition;

/**
 * Every class that may appear on the wire, with its fixed registration ID. The IDs are the wire
 * format: never renumber one, only add. Both ends of a connection must run the same table (the
 * same actorgrad version). Kryo's own defaults (primitives, String) keep IDs 0-9 but are never
 * accepted as a message: {@link KryoSerializer} reads only {@code WireMessage} classes.
 */
final class WireRegistry {
  static final int SETUP = 100;
  static final int TAKE_PARTITION = 101;
  static final int DROP_PARTITION = 102;
  static final int COMPUTE = 103;
  static final int FINISH = 104;
  static final int GRADIENT = 105;
  static final int REGISTER = 106;
  static final int OPEN_LINK = 107;
  static final int SHARED_MEMORY_OFFER = 108;
  static final int SHARED_MEMORY_ANSWER = 109;
  static final int RUN_ENDED = 110;
  static final int FLOAT_ARRAY = 120;
  static final int INT_ARRAY = 121;
  static final int INT_MATRIX = 122;
  static final int BYTE_ARRAY = 123;

  private WireRegistry() {}

  /**
   * A Kryo that knows exactly the classes above and refuses every other class. Not thread-safe.
   *
   * @param weights the node's encoded weights, shared by all its Kryo instances
   * @param arrays the node's pool that decoded weights and gradients are taken from
   */
  static Kryo newKryo(ActorRefSerializer refs, WeightsCache weights, FloatArrays arrays) {
    Kryo kryo = new Kryo(new NoClassNamesResolver(), new MapReferenceResolver());
    kryo.setRegistrationRequired(true);
    // Messages are trees without shared or cyclic arrays; tracking references would only cost time.
    kryo.setReferences(false);
    kryo.register(float[].class, new ArraySerializers.FloatArray(), FLOAT_ARRAY);
    kryo.register(int[].class, new ArraySerializers.IntArray(), INT_ARRAY);
    kryo.register(int[][].class, new ArraySerializers.IntMatrix(), INT_MATRIX);
    kryo.register(byte[].class, new ArraySerializers.ByteArray(), BYTE_ARRAY);
    kryo.register(Setup.class, new MessageSerializers.SetupSerializer(), SETUP);
    kryo.register(TakePartition.class, new MessageSerializers.TakePartitionSerializer(), TAKE_PARTITION);
    kryo.register(DropPartition.class, new MessageSerializers.DropPartitionSerializer(), DROP_PARTITION);
    kryo.register(Compute.class, new MessageSerializers.ComputeSerializer(weights, arrays, refs), COMPUTE);
    kryo.register(Finish.class, new MessageSerializers.FinishSerializer(), FINISH);
    kryo.register(Gradient.class, new MessageSerializers.GradientSerializer(arrays, refs), GRADIENT);
    kryo.register(Register.class, new MessageSerializers.RegisterSerializer(refs), REGISTER);
    kryo.register(OpenLink.class, new MessageSerializers.OpenLinkSerializer(), OPEN_LINK);
    kryo.register(SharedMemory.Offer.class, new MessageSerializers.SharedMemoryOfferSerializer(), SHARED_MEMORY_OFFER);
    kryo.register(SharedMemory.Answer.class, new MessageSerializers.SharedMemoryAnswerSerializer(), SHARED_MEMORY_ANSWER);
    kryo.register(RunEnded.class, new MessageSerializers.RunEndedSerializer(), RUN_ENDED);
    return kryo;
  }
}
