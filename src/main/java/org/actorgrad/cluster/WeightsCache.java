package org.actorgrad.cluster;

import com.esotericsoftware.kryo.io.Output;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The encoded bytes of the last step's weights sent, so that a step's weights are encoded once
 * however many workers they go to (Pekko serializes a message per recipient, and every worker's
 * Compute carries the same array). One per node, in its {@link KryoSerializer}.
 *
 * <p>The rule it relies on: the same step number and the same array (by identity) always mean
 * the same values. The coordinator's run keeps it (TrainingRun's class comment): it never changes
 * a step's weights while the step runs, and it writes an array again only for a later step. The
 * array alone would not do: the run reuses each of its two arrays every other step. The step
 * alone would not tell apart two runs' arrays on one serializer. A stale Compute encoded after
 * its array was overwritten (one still queued for a worker dropped at a timeout) carries the new
 * values under its old step: whatever that worker answers is refused as out of date, and the
 * cache, now keyed by the old step, encodes the next step's weights afresh.
 *
 * <p>The bytes live in one array, re-encoded in place when the key changes, so a step allocates
 * nothing here. Thread-safe: outbound streams to different workers serialize in parallel; the lock
 * covers the copy out too, so no one reads bytes while the next step's are written, and the
 * second worker's stream waits for the first one's bytes instead of encoding them again.
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
