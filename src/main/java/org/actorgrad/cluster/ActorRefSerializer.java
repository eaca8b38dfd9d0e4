package org.actorgrad.cluster;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;

/**
 * A typed actor reference as Pekko's own string form (its full address and path, e.g.
 * {@code pekko://actorgrad@10.0.0.5:2552/user/coordinator#123}), resolved back with the
 * {@link ActorRefResolver} of the receiving system.
 */
@SuppressWarnings("rawtypes")
final class ActorRefSerializer extends Serializer<ActorRef> {
  private final Supplier<ActorRefResolver> resolver;

  /** {@code resolver} is asked for lazily: the serializer exists before the typed system does. */
  ActorRefSerializer(Supplier<ActorRefResolver> resolver) {
    this.resolver = resolver;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void write(Kryo kryo, Output output, ActorRef ref) {
    BoundedReads.writeString(output, resolver.get().toSerializationFormat(ref));
  }

  @Override
  public ActorRef read(Kryo kryo, Input input, Class<? extends ActorRef> type) {
    return resolver.get().resolveActorRef(BoundedReads.readString(input, "actor reference"));
  }
}
