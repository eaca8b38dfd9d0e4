package org.actorgrad.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class FingerprintTest {
  @Test
  void hashesLittleEndianFloat32Bytes() {
    // python3 -c "import hashlib,struct;print(hashlib.sha256(struct.pack('<3f',1.0,-2.5,0.0)).hexdigest())"
    assertEquals(EXPECTED, Fingerprint.sha256(new float[] {1.0f, -2.5f, 0.0f}));
  }

  @Test
  void largeArraysSpanSeveralChunks() {
    float[] a = new float[50_000];
    float[] b = a.clone();
    b[49_999] = Float.MIN_VALUE;
    assertNotEquals(Fingerprint.sha256(a), Fingerprint.sha256(b));
  }

  private static final String EXPECTED = "738e86d615200bd3391d7ae379779a8e4644bade56d93d0634aa07004fa697f3";
}
