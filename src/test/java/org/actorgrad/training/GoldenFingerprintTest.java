package org.actorgrad.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.actorgrad.kernel.Dense;
import org.junit.jupiter.api.Test;

/**
 * The math, pinned: the weights fingerprint of each {@link GoldenRuns} case is a literal here. A
 * change that moves one is a change of the math: update these literals and raise the math revision
 * in the same commit, deliberately. Also checked on the scalar kernel path in a child JVM, so both
 * paths are pinned to the same bits.
 */
class GoldenFingerprintTest {
  static final Map<String, String> EXPECTED = Map.of(
      "sgd-relu", "f06e1f197ebc5c9d52bd62d9ea5e63379c222637dde297515f8a6fc0e2cccb98",
      "momentum-odd-widths", "774d86e0c95b03ebdcb999f1e47446bcd10057bfcf1be9adfbff36b9036ef343",
      "nesterov-dropout", "1ec196a5938afca1c1bcedd8a81a0f94699531a1ba4fd3c00dd929b229898e82",
      "adam-cosine", "00070f8d45f5f09c6cf163f5b286d307f4ecfbd25cfc54eeb2a2b8930f8a8540",
      "rmsprop-mse", "ca6627a5ab363a5fad6ff64ccee3b50e356600d714f52f011c59f4bff710aedd");

  @Test
  void eachFixedRunHasItsRecordedFingerprint() {
    List<String> wrong = new ArrayList<>();
    GoldenRuns.cases().forEach((name, config) -> {
      String actual = GoldenRuns.fingerprint(config);
      if (!actual.equals(EXPECTED.get(name))) {
        wrong.add(name + " " + actual);
      }
    });
    assertEquals(List.of(), wrong, "fingerprints changed on the " + Dense.path() + " path (the math changed)");
  }

  @Test
  void theScalarPathInAChildJvmGivesTheSameFingerprints() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Dactorgrad.kernel=scalar",
        "-cp", System.getProperty("java.class.path"), GoldenRuns.class.getName())
        .redirectErrorStream(true)
        .start();
    String output;
    try (var in = child.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!child.waitFor(120, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      throw new AssertionError("child JVM did not finish within 120 s");
    }
    assertEquals(0, child.exitValue(), output);
    List<String> expected = new ArrayList<>();
    GoldenRuns.cases().keySet().forEach(name -> expected.add("scalar " + name + " " + EXPECTED.get(name)));
    List<String> actual = output.lines().filter(l -> l.startsWith("scalar ")).toList();
    assertEquals(expected, actual, output);
  }
}
