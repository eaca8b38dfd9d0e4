package org.actorgrad.cli;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.actorgrad.random.SeededRandom;

/**
 * The training run the {@code trainer} launcher records its class-data sharing archive from (Java's
 * AppCDS, {@code -XX:ArchiveClassesAtExit}): a whole {@code trainer} command, one epoch on a tiny
 * made-up IDX data set in a temporary folder (written, read, trained on with 2 workers, evaluated,
 * saved, charted, then deleted), so the archive holds the classes a real run loads: picocli, the
 * configuration, logging, the IDX reader, Pekko, the kernels, the checkpoint and metrics writers.
 * Later runs map those classes from the archive instead of loading, verifying and linking them
 * from the jar (about 1 s of CPU less per start, issue 16). Nothing outside the temporary folder
 * is read or written.
 *
 * <p>Usage (the launcher's, not a user's): {@code java -XX:ArchiveClassesAtExit=FILE -cp trainer.jar
 * org.actorgrad.cli.ClassArchiveRun}. Exit code 0 when the run succeeded; else 1 with its output on
 * stderr, and the launcher then keeps no archive.
 */
public final class ClassArchiveRun {
  private static final int TRAIN = 768;
  private static final int TEST = 128;
  private static final int SIDE = 28;
  private static final int CLASSES = 10;

  private ClassArchiveRun() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("actorgrad-class-archive");
    int code;
    StringWriter log = new StringWriter();
    try {
      writeIdx(dir, "train", TRAIN, 1);
      writeIdx(dir, "t10k", TEST, 2);
      try (PrintWriter out = new PrintWriter(log)) {
        code = Main.run(new String[] {"--data", dir.toString(), "--workers", "2", "--epochs", "1",
            "--batch-size", "64", "--run-dir", dir.resolve("run").toString(), "--no-progress"}, out, out);
      }
    } finally {
      deleteTree(dir);
    }
    if (code != 0) {
      System.err.print(log);
    }
    System.exit(code == 0 ? 0 : 1);
  }

  /** {@code count} random 28x28 images and their labels, gzip-compressed IDX as the data sets ship. */
  private static void writeIdx(Path dir, String split, int count, long seed) throws IOException {
    SeededRandom rng = new SeededRandom(seed);
    byte[] pixels = new byte[count * SIDE * SIDE];
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) rng.nextInt(CLASSES);
      for (int p = 0; p < SIDE * SIDE; p++) {
        pixels[i * SIDE * SIDE + p] = (byte) rng.nextInt(256);
      }
    }
    try (DataOutputStream out = gzip(dir.resolve(split + "-images-idx3-ubyte.gz"))) {
      out.writeInt(0x0803); // IdxReader.IMAGES_MAGIC
      out.writeInt(count);
      out.writeInt(SIDE);
      out.writeInt(SIDE);
      out.write(pixels);
    }
    try (DataOutputStream out = gzip(dir.resolve(split + "-labels-idx1-ubyte.gz"))) {
      out.writeInt(0x0801); // IdxReader.LABELS_MAGIC
      out.writeInt(count);
      out.write(labels);
    }
  }

  private static DataOutputStream gzip(Path file) throws IOException {
    OutputStream raw = Files.newOutputStream(file);
    return new DataOutputStream(new GZIPOutputStream(raw));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
