package org.actorgrad.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.actorgrad.random.SeededRandom;

/**
 * A small learnable data set written as the four uncompressed IDX files of the MNIST layout, for
 * tests that must run without the real data: 8x8 images whose class (0-9) decides which row (and
 * for 8 and 9, which column) is bright, plus noise.
 */
public final class SyntheticIdx {
  public static final int ROWS = 8;
  public static final int COLS = 8;

  private SyntheticIdx() {}

  /** Writes train-images-idx3-ubyte and friends into {@code folder}; returns it. */
  public static Path write(Path folder, int trainCount, int testCount, long seed) throws IOException {
    Files.createDirectories(folder);
    part(folder, "train", trainCount, seed);
    part(folder, "t10k", testCount, seed + 1);
    return folder;
  }

  private static void part(Path folder, String prefix, int count, long seed) throws IOException {
    SeededRandom rng = new SeededRandom(seed);
    ByteBuffer images = ByteBuffer.allocate(16 + count * ROWS * COLS); // big-endian, as IDX wants
    images.putInt(0x803).putInt(count).putInt(ROWS).putInt(COLS);
    ByteBuffer labels = ByteBuffer.allocate(8 + count);
    labels.putInt(0x801).putInt(count);
    for (int i = 0; i < count; i++) {
      int label = rng.nextInt(10);
      labels.put((byte) label);
      for (int k = 0; k < ROWS * COLS; k++) {
        int value = rng.nextInt(90);
        if (k / COLS == label % 8 || (label >= 8 && k % COLS == label - 8)) {
          value += 120;
        }
        images.put((byte) value);
      }
    }
    Files.write(folder.resolve(prefix + "-images-idx3-ubyte"), images.array());
    Files.write(folder.resolve(prefix + "-labels-idx1-ubyte"), labels.array());
  }

  /**
   * An MNIST-shaped stand-in (28x28, ten classes) for tests whose real-data run needs
   * ACTORGRAD_DATASETS: class c brightens rows 2c+4 and 2c+5, plus noise, so a small network learns
   * it well, though one image in ten shows another class; test image 0 is a 7, as MNIST's is.
   */
  public static Path writeMnistShaped(Path folder, int trainCount, int testCount, long seed) throws IOException {
    Files.createDirectories(folder);
    mnistShapedPart(folder, "train", trainCount, seed, -1);
    mnistShapedPart(folder, "t10k", testCount, seed + 1, 7);
    return folder;
  }

  private static void mnistShapedPart(Path folder, String prefix, int count, long seed, int firstLabel)
      throws IOException {
    int rows = 28;
    int cols = 28;
    SeededRandom rng = new SeededRandom(seed);
    ByteBuffer images = ByteBuffer.allocate(16 + count * rows * cols);
    images.putInt(0x803).putInt(count).putInt(rows).putInt(cols);
    ByteBuffer labels = ByteBuffer.allocate(8 + count);
    labels.putInt(0x801).putInt(count);
    for (int i = 0; i < count; i++) {
      int label = i == 0 && firstLabel >= 0 ? firstLabel : rng.nextInt(10);
      labels.put((byte) label);
      // One image in ten shows another class than its label: accuracy stays below 100%, as on
      // real data (tests read "test accuracy 0.9...").
      int shown = i > 0 && rng.nextInt(10) == 0 ? rng.nextInt(10) : label;
      for (int k = 0; k < rows * cols; k++) {
        int row = k / cols;
        int value = rng.nextInt(70);
        if (row == 2 * shown + 4 || row == 2 * shown + 5) {
          value = 200 + rng.nextInt(56); // as bright as a pen stroke: `show` draws it with @
        }
        images.put((byte) value);
      }
    }
    Files.write(folder.resolve(prefix + "-images-idx3-ubyte"), images.array());
    Files.write(folder.resolve(prefix + "-labels-idx1-ubyte"), labels.array());
  }
}
