package org.actorgrad.cluster;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.ByteBufferInput;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.IntFunction;

/**
 * The arrays on the wire: a varint length, then the elements in bulk as little-endian bytes (never
 * one call per element: a weight vector has millions). Little-endian whatever the CPU, so the
 * bytes, like the math, are the same on every node; float bits travel unchanged (NaN included).
 */
final class ArraySerializers {
  private ArraySerializers() {}

  /** The little-endian bytes of {@code values}, exactly as they follow the length on the wire. */
  static byte[] littleEndian(float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(values.length, Float.BYTES))
        .order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return bytes.array();
  }

  /**
   * The next {@code bytes} bytes of {@code input}, little-endian: a view of its array or direct
   * buffer when they are all there (the messages are read from whole frames, so they are),
   * otherwise a copy read out of it.
   */
  private static ByteBuffer nextBytes(Input input, int bytes) {
    ByteBuffer view;
    if (input.getInputStream() != null || input.limit() - input.position() < bytes) {
      view = ByteBuffer.wrap(input.readBytes(bytes));
    } else {
      view = input instanceof ByteBufferInput direct
          ? direct.getByteBuffer().slice(input.position(), bytes) // a data link's frame
          : ByteBuffer.wrap(input.getBuffer(), input.position(), bytes);
      input.setPosition(input.position() + bytes);
    }
    return view.order(ByteOrder.LITTLE_ENDIAN);
  }

  static final class FloatArray extends Serializer<float[]> {
    @Override
    public void write(Kryo kryo, Output output, float[] values) {
      output.writeVarInt(values.length, true);
      if (output instanceof WireOutput wire) {
        wire.writeLittleEndian(values); // KryoSerializer's outputs: straight into the buffer
      } else {
        output.writeBytes(littleEndian(values));
      }
    }

    /** Writes an array whose little-endian bytes are already known (the weights of a step). */
    static void writeEncoded(Output output, int length, byte[] littleEndian) {
      output.writeVarInt(length, true);
      output.writeBytes(littleEndian);
    }

    @Override
    public float[] read(Kryo kryo, Input input, Class<? extends float[]> type) {
      return read(input, float[]::new);
    }

    /** Reads an array into one {@code allocate} gives for its length (every element is overwritten). */
    static float[] read(Input input, IntFunction<float[]> allocate) {
      int n = BoundedReads.length(input, Float.BYTES, "float array");
      float[] values = allocate.apply(n);
      nextBytes(input, n * Float.BYTES).asFloatBuffer().get(values);
      return values;
    }
  }

  static final class IntArray extends Serializer<int[]> {
    @Override
    public void write(Kryo kryo, Output output, int[] values) {
      ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(values.length, Integer.BYTES))
          .order(ByteOrder.LITTLE_ENDIAN);
      bytes.asIntBuffer().put(values);
      output.writeVarInt(values.length, true);
      output.writeBytes(bytes.array());
    }

    @Override
    public int[] read(Kryo kryo, Input input, Class<? extends int[]> type) {
      int n = BoundedReads.length(input, Integer.BYTES, "int array");
      int[] values = new int[n];
      nextBytes(input, n * Integer.BYTES).asIntBuffer().get(values);
      return values;
    }
  }

  /** Rows of possibly different lengths (a step's sample positions, one row per partition). */
  static final class IntMatrix extends Serializer<int[][]> {
    private final IntArray rows = new IntArray();

    @Override
    public void write(Kryo kryo, Output output, int[][] values) {
      output.writeVarInt(values.length, true);
      for (int[] row : values) {
        rows.write(kryo, output, row);
      }
    }

    @Override
    public int[][] read(Kryo kryo, Input input, Class<? extends int[][]> type) {
      int n = BoundedReads.length(input, 1, "int matrix"); // each row takes at least its length byte
      int[][] values = new int[n][];
      for (int i = 0; i < n; i++) {
        values[i] = rows.read(kryo, input, int[].class);
      }
      return values;
    }
  }

  static final class ByteArray extends Serializer<byte[]> {
    @Override
    public void write(Kryo kryo, Output output, byte[] values) {
      output.writeVarInt(values.length, true);
      output.writeBytes(values);
    }

    @Override
    public byte[] read(Kryo kryo, Input input, Class<? extends byte[]> type) {
      return input.readBytes(BoundedReads.length(input, 1, "byte array"));
    }
  }
}
