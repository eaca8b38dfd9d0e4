package org.actorgrad.random;

/**
 * A random generator whose output is specified, so the same seed gives the same numbers on every
 * JDK, machine and node: SplitMix64 (Steele, Lea and Flood, 2014) for the bits, a 24-bit
 * mantissa for floats, and Box-Muller with {@link StrictMath} for Gaussians.
 *
 * <p>{@link java.util.Random} is also specified, but its 48-bit LCG is weak and its Gaussian
 * caches a value across calls; {@code java.util.SplittableRandom} does not promise its output.
 * Derived streams ({@link #derive}) give each (seed, epoch, partition) or (seed, step, sample)
 * its own independent generator without sharing state between threads or nodes.
 */
public final class SeededRandom {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  public SeededRandom(long seed) {
    this.state = seed;
  }

  /** A generator for the stream named by {@code seed} and the given coordinates. */
  public static SeededRandom derive(long seed, long... coordinates) {
    long s = mix64(seed ^ 0x5DEECE66DL);
    for (long c : coordinates) {
      s = mix64(s + GOLDEN_GAMMA * (c + 1));
    }
    return new SeededRandom(s);
  }

  /** The SplitMix64 finaliser: a bijection on 64-bit values with good avalanche. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public long nextLong() {
    state += GOLDEN_GAMMA;
    return mix64(state);
  }

  /** Uniform in [0, 1) with 24 random bits, exactly representable as a float. */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound) without modulo bias (Lemire's method with rejection). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    long m = (nextLong() >>> 32) * bound;
    long low = m & 0xFFFFFFFFL;
    if (low < bound) {
      long threshold = (0x100000000L - bound) % bound;
      while (low < threshold) {
        m = (nextLong() >>> 32) * bound;
        low = m & 0xFFFFFFFFL;
      }
    }
    return (int) (m >>> 32);
  }

  /** Standard normal by Box-Muller; one value per call (no cached pair, so streams stay simple). */
  public double nextGaussian() {
    double u1 = 1.0 - nextDouble(); // (0, 1]: log stays finite
    double u2 = nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
  }

  /** Fisher-Yates shuffle of {@code values} in place. */
  public void shuffleInPlace(int[] values) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }
}
