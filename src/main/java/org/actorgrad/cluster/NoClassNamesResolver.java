package org.actorgrad.cluster;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.util.DefaultClassResolver;

/**
 * Kryo's class resolver, minus class names on the wire. Kryo can name a class by its string name
 * instead of a registered ID, and would then load it (the way in for the Kryo gadget-chain CVEs).
 * With registration required this build never writes a name, so a name in incoming bytes is
 * refused before any class is looked up, loaded or instantiated.
 */
final class NoClassNamesResolver extends DefaultClassResolver {
  @Override
  protected Registration readName(Input input) {
    throw new WireFormatException("refused: the bytes name a class by its name instead of a "
        + "registered ID; only the registered message classes are accepted");
  }
}
