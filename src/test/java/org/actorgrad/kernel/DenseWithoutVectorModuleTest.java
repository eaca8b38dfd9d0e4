package org.actorgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Without jdk.incubator.vector, Dense must pick the scalar path at class initialisation without
 * loading any Vector API class, and give the same bits as the vector path in this JVM.
 */
class DenseWithoutVectorModuleTest {

  @Test
  void childJvmWithoutTheModuleUsesTheScalarPathWithTheSameBits() throws IOException, InterruptedException {
    String output = DenseFingerprintMain.runInChildJvm();
    long expected = DenseFingerprintMain.fingerprint(false);
    assertEquals(expected, DenseFingerprintMain.fingerprint(true), "this JVM's Dense (" + Dense.path() + ")");
    assertEquals("scalar " + Long.toHexString(expected), output);
  }
}
