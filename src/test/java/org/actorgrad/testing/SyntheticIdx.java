package org.actorgrad.testing;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.actorgrad.random.SeededRandom;

/**
 * Writes the four IDX files of a tiny learnable data set into a folder, so that command-line tests
 * run without the real data sets: 8x8 images whose class decides which row (or column) is bright.
 */
public final class SyntheticIdx {
  private SyntheticIdx() {}

  /** Writes train and test files of {@code trainCount} and {@code testCount} images into {@code dir}. */
  public static Path write(Path dir, int trainCount, int testCount) throws IOException {
    Files.createDirectories(dir);
    write(dir, "train", trainCount, 1);
    write(dir, "t10k", testCount, 2);
    return dir;
  }

  private static void write(Path dir, String prefix, int count, long seed) throws IOException {
    SeededRandom rng = new SeededRandom(seed);
    byte[] pixels = new byte[count * 64]; // (count, 8, 8)
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      int label = rng.nextInt(10);
      labels[i] = (byte) label;
      for (int k = 0; k < 64; k++) {
        int value = rng.nextInt(60);
        if (k / 8 == label % 8 || (label >= 8 && k % 8 == label - 8)) {
          value += 150;
        }
        pixels[i * 64 + k] = (byte) value;
      }
    }
    // IDX (yann.lecun.com/exdb/mnist): big-endian magic 0x803 (ubyte, 3 dims) or 0x801, then the sizes.
    try (DataOutputStream out = new DataOutputStream(stream(dir.resolve(prefix + "-images-idx3-ubyte")))) {
      out.writeInt(0x803);
      out.writeInt(count);
      out.writeInt(8);
      out.writeInt(8);
      out.write(pixels);
    }
    try (DataOutputStream out = new DataOutputStream(stream(dir.resolve(prefix + "-labels-idx1-ubyte")))) {
      out.writeInt(0x801);
      out.writeInt(count);
      out.write(labels);
    }
  }

  private static OutputStream stream(Path file) throws IOException {
    return Files.newOutputStream(file);
  }
}
