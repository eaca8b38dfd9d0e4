package org.actorgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Without jdk.incubator.vector, Dense must pick the scalar path at class initialisation without
 * loading any Vector API class, and give the same bits as the vector path in this JVM.
 */
class DenseWithoutVectorModuleTest {

  @Test
  void childJvmWithoutTheModuleUsesTheScalarPathWithTheSameBits() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        DenseFingerprintMain.class.getName())
        .redirectErrorStream(true)
        .start();
    String output;
    try (var in = child.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    if (!child.waitFor(60, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      throw new AssertionError("child JVM did not finish within 60 s");
    }
    assertEquals(0, child.exitValue(), output);
    long expected = DenseFingerprintMain.fingerprint(false);
    assertEquals(expected, DenseFingerprintMain.fingerprint(true), "this JVM's Dense (" + Dense.path() + ")");
    assertEquals("scalar " + Long.toHexString(expected), output);
  }
}
