package org.actorgrad.cluster;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.nio.charset.StandardCharsets;

/**
 * Length prefixes read from the network, checked against the bytes actually left before anything
 * is allocated: a forged length of two billion elements fails here instead of exhausting memory.
 * Kryo's own string and array readers trust the length, so the wire format avoids them.
 */
final class BoundedReads {
  private BoundedReads() {}

  /**
   * Reads a varint length and checks that {@code length * bytesPerElement} bytes can still follow.
   *
   * @param bytesPerElement the fewest bytes one element can take on the wire
   */
  static int length(Input input, int bytesPerElement, String what) {
    int length = input.readVarInt(true);
    long left = (long) input.limit() - input.position();
    if (length < 0 || (long) length * bytesPerElement > left) {
      throw new WireFormatException(what + ": the length prefix says " + length + " elements of "
          + bytesPerElement + " byte(s), but only " + left + " bytes are left in the message");
    }
    return length;
  }

  static void writeString(Output output, String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    output.writeVarInt(utf8.length, true);
    output.writeBytes(utf8);
  }

  static String readString(Input input, String what) {
    int length = length(input, 1, what);
    return new String(input.readBytes(length), StandardCharsets.UTF_8);
  }
}
