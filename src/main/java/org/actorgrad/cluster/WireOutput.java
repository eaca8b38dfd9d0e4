package org.actorgrad.cluster;

import com.esotericsoftware.kryo.io.Output;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A Kryo output that writes float arrays straight into its buffer as little-endian bytes: one pass
 * over a 400 KB gradient, instead of converting it into a scratch array and copying that in.
 */
final class WireOutput extends Output {
  WireOutput(int bufferSize) {
    super(bufferSize, -1);
  }

  void writeLittleEndian(float[] values) {
    int bytes = Math.multiplyExact(values.length, Float.BYTES);
    require(bytes);
    ByteBuffer.wrap(buffer, position, bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
    position += bytes;
  }
}
