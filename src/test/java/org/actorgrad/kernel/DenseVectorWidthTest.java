package org.actorgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The vector width never changes a bit: a child JVM held to 256-bit vectors
 * ({@code actorgrad.kernel=vector-256}) gives the scalar path's bits, as this JVM's own path does
 * (512-bit on hardware that has it).
 */
class DenseVectorWidthTest {

  @Test
  void vector256GivesTheScalarBits() throws IOException, InterruptedException {
    assumeTrue(!Dense.path().equals("scalar"), "no vector path on this machine or JVM");
    String output = DenseFingerprintMain.runInChildJvm(
        "--add-modules", "jdk.incubator.vector", "-Dactorgrad.kernel=vector-256");
    long expected = DenseFingerprintMain.fingerprint(false);
    assertEquals("vector-256 " + Long.toHexString(expected), output);
  }

  @Test
  void thisJvmsPathGivesTheScalarBits() {
    assertEquals(DenseFingerprintMain.fingerprint(false), DenseFingerprintMain.fingerprint(true), Dense.path());
  }
}
