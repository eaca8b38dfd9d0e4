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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The math, pinned: the weights fingerprint of each {@link GoldenRuns} case is a literal here. A
 * change that moves one is a change of the math: update these literals and raise the math revision
 * in the same commit, deliberately (revision 3 is the outer-product kernel's with Winograd's conv
 * layers: see {@code MathOptions.REVISION}). Also checked on the scalar and the 256-bit vector
 * paths in child JVMs, so every path is pinned to the same bits.
 */
class GoldenFingerprintTest {
  static final Map<String, String> EXPECTED = Map.of(
      "sgd-relu", "93abbbfcffb07c3984f82421dfa85f3cdc5e88afb9d73b8adac3eafac4777fb4",
      "momentum-odd-widths", "336b840a22a827d115444dd45148b2f446f4be633d67daf6250bc91b923b32f5",
      "nesterov-dropout", "70acaa4d9cd325e51a10b5730bbdd49c935fa0a1443b38cbc6257fe2f1693176",
      "adam-cosine", "7d70d3f1bb021b6d2a64fc239f95f26acab9d36a8f3d7ca27759b0792979741e",
      "rmsprop-mse", "400b04759476d9f3fa061ff71c6bf5f84c6e59899fdb73a6032f89120c7ec1fa",
      "cnn-momentum", "b5b8396d433fd54d23ec8a622e1153e47d879c3afb19a842470444cb52749a51",
      // Recorded from 3fc8839, before the CNN's fused backward paths it pins.
      "cnn-relu-pools", "857fa344a5670bf9e09ec0265f833f2796bec819468c2bc727a94a104dd01f91",
      "cnn-winograd", "5ccb805ee57940d3976eeddfb5ee0ca65edee4fb92c2b0064dbd7a94a93e68e8");

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

  @ParameterizedTest
  @ValueSource(strings = {"scalar", "vector-256"})
  void theOtherPathsInAChildJvmGiveTheSameFingerprints(String path) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Dactorgrad.kernel=" + path,
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
    GoldenRuns.cases().keySet().forEach(name -> expected.add(path + " " + name + " " + EXPECTED.get(name)));
    List<String> actual = output.lines().filter(l -> l.startsWith(path + " ")).toList();
    assertEquals(expected, actual, output);
  }
}
