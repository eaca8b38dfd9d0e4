package org.actorgrad.training;

/**
 * Marker for every message that may cross the network between JVMs. Configuration binds it to
 * the Kryo serializer; a message without it cannot leave its JVM, which is the point.
 */
public interface WireMessage {}
