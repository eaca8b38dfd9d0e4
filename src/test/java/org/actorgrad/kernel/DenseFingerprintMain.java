package org.actorgrad.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.actorgrad.random.SeededRandom;

/**
 * Prints Dense's path and a hash of the bits of one forward and backward on fixed random data.
 * DenseWithoutVectorModuleTest runs it in a child JVM started without jdk.incubator.vector,
 * DenseVectorWidthTest in one held to 256-bit vectors.
 */
public final class DenseFingerprintMain {
  /** (batch, in, out): one below a vector's width, and two past the 4-row tiles of both widths. */
  static final int[][] SHAPES = {{5, 37, 11}, {37, 70, 29}, {64, 200, 40}};

  private DenseFingerprintMain() {}

  public static void main(String[] args) {
    System.out.println(Dense.path() + " " + Long.toHexString(fingerprint(true)));
  }

  /** Runs Dense (dense == true) or DenseScalar on each shape and hashes z, grad and dx. */
  static long fingerprint(boolean dense) {
    SeededRandom rng = new SeededRandom(5);
    long h = 17;
    for (int[] s : SHAPES) {
      int batch = s[0], in = s[1], out = s[2];
      float[] p = KernelTestData.uniform(rng, in * out + out, 0.5f);
      float[] x = KernelTestData.uniform(rng, batch * in, 1f);
      float[] z = new float[batch * out];
      float[] grad = new float[p.length];
      float[] dx = new float[batch * in];
      if (dense) {
        Dense.forward(z, x, p, 0, in * out, batch, in, out);
        Dense.backward(dx, grad, z, x, p, 0, in * out, batch, in, out);
      } else {
        DenseScalar.forward(z, x, p, 0, in * out, batch, in, out);
        DenseScalar.backward(dx, grad, z, x, p, 0, in * out, batch, in, out);
      }
      for (float[] a : new float[][] {z, grad, dx}) {
        for (float f : a) {
          h = h * 31 + Float.floatToRawIntBits(f);
        }
      }
    }
    return h;
  }

  /** Runs this class's main in a child JVM of this JVM's java with extra JVM options; its output. */
  static String runInChildJvm(String... jvmOptions) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), DenseFingerprintMain.class.getName()));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (var in = child.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    if (!child.waitFor(60, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      throw new AssertionError("child JVM did not finish within 60 s");
    }
    if (child.exitValue() != 0) {
      throw new AssertionError("child JVM exited with " + child.exitValue() + ": " + output);
    }
    // The module's warning goes to stderr, merged here: keep only the fingerprint line.
    return output.lines().filter(l -> !l.contains("incubator")).reduce((a, b) -> b).orElse("");
  }
}
