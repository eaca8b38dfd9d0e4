package org.actorgrad.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.actorgrad.model.Fingerprint;
import org.actorgrad.testing.FloatBits;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract with every checkpoint already on users' disks: a file of format version 1,
 * committed once, that every later build must read exactly as written. The expectations are
 * literals, not the generator's output, so changing the generator cannot weaken this test.
 */
class GoldenCheckpointTest {
  static Path golden() {
    try {
      return Path.of(GoldenCheckpointTest.class.getResource("/checkpoint/golden-v1.agc").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void fileFactsAreThoseOfVersion1() throws Exception {
    CheckpointFormat.FileContents contents = CheckpointFormat.readFile(golden());
    assertEquals(1, contents.version());
    assertEquals(1964, contents.bytes());
  }

  @Test
  void everyHeaderFieldReadsExactlyInItsOrder() throws Exception {
    Map<String, Object> header = CheckpointFormat.read(golden()).header();
    assertEquals(List.of("spec", "optimizer", "schedule", "epoch", "step_in_epoch", "global_step", "seed",
        "partitions", "batch_size", "dataset", "metrics", "val_accuracy", "finished", "note"),
        List.copyOf(header.keySet()));
    assertEquals(4L, ((Map<?, ?>) header.get("spec")).get("inputs"));
    List<?> layers = (List<?>) ((Map<?, ?>) header.get("spec")).get("layers");
    assertEquals(List.of("type", "units", "activation"), List.copyOf(((Map<?, ?>) layers.get(0)).keySet()));
    assertEquals(Map.of("type", "dense", "units", 3L, "activation", "relu"), layers.get(0));
    assertEquals(Map.of("type", "dense", "units", 2L, "activation", "softmax"), layers.get(1));
    assertEquals(List.of("name", "learning_rate", "momentum", "step"),
        List.copyOf(((Map<?, ?>) header.get("optimizer")).keySet()));
    assertEquals(Map.of("name", "sgd_momentum", "learning_rate", 0.1, "momentum", 0.9, "step", 12L),
        header.get("optimizer"));
    assertEquals(Map.of("name", "step_decay", "every_epochs", 1L, "factor", 0.5), header.get("schedule"));
    assertEquals(2L, header.get("epoch"));
    assertEquals(0L, header.get("step_in_epoch"));
    assertEquals(12L, header.get("global_step"));
    assertEquals(42L, header.get("seed"));
    assertEquals(4L, header.get("partitions"));
    assertEquals(8L, header.get("batch_size"));
    assertEquals(Map.of("name", "tiny", "train", 48L, "test", 16L,
        "sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"), header.get("dataset"));
    assertEquals(List.of(
        Map.of("epoch", 1L, "loss", 0.6931471805599453, "train_accuracy", 0.5, "val_accuracy", 0.5625),
        Map.of("epoch", 2L, "loss", 0.4054651081081644, "train_accuracy", 0.6875, "val_accuracy", 0.625)),
        header.get("metrics"));
    assertEquals(0.625, header.get("val_accuracy"));
    assertEquals(false, header.get("finished"));
    assertEquals("golden file of format 1 \u2014 \"quoted\", back\\slash, tab\t, caf\u00e9 \u2713", header.get("note"));
    double learningRate = (Double) ((Map<?, ?>) header.get("optimizer")).get("learning_rate");
    assertEquals(0.1f, (float) learningRate, "written as the float 0.1f, it must cast back to the same float");
  }

  @Test
  void tensorsReadBitForBit() throws Exception {
    Checkpoint c = CheckpointFormat.read(golden());
    assertEquals(List.of("params", "optim.velocity", "test.special", "test.empty"), List.copyOf(c.tensors().keySet()));
    assertArrayEquals(PARAMS_BITS, FloatBits.raw(c.tensor("params")));
    assertArrayEquals(VELOCITY_BITS, FloatBits.raw(c.tensor("optim.velocity")));
    assertArrayEquals(SPECIAL_BITS, FloatBits.raw(c.tensor("test.special")));
    assertEquals(0, c.tensor("test.empty").length);
  }

  @Test
  void fingerprintOfTheWeights() throws Exception {
    // Also what the numpy snippet in docs/checkpoint-format.md prints for this file.
    assertEquals("cd923169a75f04f657f9cf9416091ec2b7f35a2eff0a6b6e1a8dee8ec3fd6349",
        Fingerprint.sha256(CheckpointFormat.read(golden()).tensor("params")));
  }

  @Test
  void theVersion1WriterStillProducesTheseExactBytes() throws IOException {
    Assumptions.assumeTrue(CheckpointFormat.VERSION == 1,
        "the writer moved past format 1; the golden file must still be READ (tests above), not reproduced");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CheckpointFormat.write(GoldenCheckpointGenerator.golden(), out);
    assertArrayEquals(Files.readAllBytes(golden()), out.toByteArray());
  }

  private static final int[] PARAMS_BITS = {
    0xbf72f136, 0xbf7bbf20, 0xbf743158, 0xbef1856c, 0x3f2a6090, 0x3f068d5e, 0x3f0d6418, 0x3f669404,
    0x3f50b5b0, 0xbf478744, 0xbe827be8, 0xbdc63b90, 0x3f613778, 0xbead85b8, 0xbf572af2, 0x3e798d18,
    0x3f72f6aa, 0x3f1ff4fe, 0x3e9b5888, 0xbf1813b8, 0x3f793acc, 0xbedbdca4, 0x3f75d8f8
  };
  private static final int[] VELOCITY_BITS = {
    0x3aafc099, 0x3b57b064, 0xbb7949d2, 0xbb0a166b, 0xbb228285, 0xbb61248f, 0xbb80dcb6, 0xba6b0533,
    0xbb38f5a9, 0x3a78575c, 0x3b9ba3b9, 0x3a0b70ae, 0xbae35e1e, 0x3b9ef89c, 0xb9e1427b, 0x39542214,
    0xbb740b1c, 0xbb9cb646, 0x3b8c6ae4, 0x3b41cb5c, 0x3b6b6f19, 0xbb6cad12, 0x3b742600
  };
  /** 0, -0, smallest subnormal, -smallest normal, max, +inf, -inf, NaN, NaN payload 1, signalling NaN, 1/3, 0.1. */
  private static final int[] SPECIAL_BITS = {
    0x00000000, 0x80000000, 0x00000001, 0x80800000, 0x7f7fffff, 0x7f800000, 0xff800000, 0x7fc00000,
    0x7fc00001, 0xffa00000, 0x3eaaaaab, 0x3dcccccd
  };
}
