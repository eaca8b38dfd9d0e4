package org.actorgrad.model;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Test-only reader of gzip IDX files (the data package has the real one): images scaled to [0, 1]
 * as (n, rows * cols) floats, labels as ints.
 */
record MnistTestData(float[] images, int[] labels, int count, int pixels) {
  static MnistTestData load(Path dir, String prefix) throws IOException {
    try (DataInputStream img = open(dir.resolve(prefix + "-images-idx3-ubyte.gz"));
        DataInputStream lab = open(dir.resolve(prefix + "-labels-idx1-ubyte.gz"))) {
      check(img.readInt(), 0x803, prefix + " images");
      int n = img.readInt();
      int pixels = img.readInt() * img.readInt();
      check(lab.readInt(), 0x801, prefix + " labels");
      check(lab.readInt(), n, prefix + " label count");
      byte[] raw = new byte[n * pixels];
      img.readFully(raw);
      float[] images = new float[raw.length]; // (n, pixels)
      for (int i = 0; i < raw.length; i++) {
        images[i] = (raw[i] & 0xFF) / 255f;
      }
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = lab.readUnsignedByte();
      }
      return new MnistTestData(images, labels, n, pixels);
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    return new DataInputStream(new GZIPInputStream(in, 1 << 16));
  }

  private static void check(int found, int expected, String what) throws IOException {
    if (found != expected) {
      throw new IOException(what + ": expected " + expected + ", found " + found);
    }
  }
}
