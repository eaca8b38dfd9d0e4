package org.actorgrad.cluster;

import com.esotericsoftware.kryo.io.Output;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The encoded bytes of the last step's weights sent, so that a step's weights are encoded once
 * however many workers they go to (Pekko serializes a message per recipient, and every worker's
 * Compute carries the same array). Keyed by the step and the array's identity: a step's weights
 * never change while it runs, and the coordinator reuses an array only for a later step (see
 * TrainingRun.apply), so the same step and array mean the same values. The bytes live in one
 * array, re-encoded in place when the step changes, so a step allocates nothing here.
 * Thread-safe: outbound streams to different workers serialize in parallel; the lock covers the
 * copy out too, so no one reads bytes while the next step's are written, and the second worker's
 * stream waits for the first one's bytes instead of encoding them again.
 */
final class WeightsCache {
  private long lastStep = -1;
  private float[] lastParams; // (parameterCount), compared by identity
  private byte[] lastBytes = new byte[0]; // (4 * parameterCount) little-endian
  private long encodings;

  /** Writes step {@code step}'s {@code params} to {@code output} as an array on the wire (its length, then its bytes). */
  synchronized void write(Output output, long step, float[] params) {
    if (step != lastStep || params != lastParams) {
      int bytes = Math.multiplyExact(params.length, Float.BYTES);
      if (lastBytes.length != bytes) {
        lastBytes = new byte[bytes];
      }
      ByteBuffer.wrap(lastBytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(params);
      lastStep = step;
      lastParams = params;
      encodings++;
    }
    ArraySerializers.FloatArray.writeEncoded(output, params.length, lastBytes);
  }

  /** How many distinct (step, parameter array) pairs were encoded (tests: once per step, not per worker). */
  synchronized long encodings() {
    return encodings;
  }
}
