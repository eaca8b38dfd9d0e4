package org.actorgrad.cluster;

/**
 * The encoded bytes of the last parameter array sent, so that a step's weights are encoded once
 * however many workers they go to (Pekko serializes a message per recipient, and every worker's
 * Compute carries the same array). Keyed by identity: the coordinator never mutates a parameter
 * array once it has sent it (each step makes a new one, see TrainingRun), so the same array means
 * the same values. Thread-safe: outbound streams to different workers serialize in parallel; the
 * lock makes the second one wait for the first one's bytes instead of encoding them again.
 */
final class WeightsCache {
  private float[] lastParams; // (parameterCount), compared by identity
  private byte[] lastBytes; // (4 * parameterCount) little-endian
  private long encodings;

  synchronized byte[] littleEndian(float[] params) {
    if (params != lastParams) {
      lastBytes = ArraySerializers.littleEndian(params);
      lastParams = params;
      encodings++;
    }
    return lastBytes;
  }

  /** How many distinct parameter arrays were encoded (tests: once per step, not per worker). */
  synchronized long encodings() {
    return encodings;
  }
}
