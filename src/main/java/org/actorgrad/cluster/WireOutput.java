package org.actorgrad.cluster;

import com.esotericsoftware.kryo.io.ByteBufferOutput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A Kryo output into a direct buffer, which writes float arrays straight into it as little-endian
 * bytes: one pass over a 400 KB gradient. Direct, so that a data link hands the bytes to the
 * kernel as they are; from a heap array the JDK would first copy them into a direct buffer of its
 * own, 128 KB at a time.
 */
final class WireOutput extends ByteBufferOutput {
  WireOutput(int bufferSize) {
    super(bufferSize, -1);
  }

  /** An output into {@code space} that never grows: writing past its end throws KryoBufferOverflowException. */
  WireOutput(ByteBuffer space) {
    super(space, space.capacity());
  }

  void writeLittleEndian(float[] values) {
    int bytes = Math.multiplyExact(values.length, Float.BYTES);
    require(bytes);
    byteBuffer.slice(position, bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
    setPosition(position + bytes);
  }

  /** The bytes written so far, as a buffer of its own (position 0, limit: the bytes written). */
  ByteBuffer written() {
    return byteBuffer.duplicate().position(0).limit(position);
  }

  int bufferSize() {
    return byteBuffer.capacity();
  }
}
