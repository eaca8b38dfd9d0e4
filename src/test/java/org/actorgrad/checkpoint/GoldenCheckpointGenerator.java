package org.actorgrad.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Made src/test/resources/checkpoint/golden-v1.agc once; kept so the file can be explained and
 * reproduced, never to be rerun over it (the golden file is the contract, not this code). To write
 * a fresh copy elsewhere:
 *
 * <pre>./mvnw -B -q test -Dtest=GoldenCheckpointGenerator -Dactorgrad.golden.out=/tmp/golden-v1.agc</pre>
 *
 * <p>The checkpoint is what training of a 4-3-2 network with SGD + momentum would hold after two
 * epochs, plus a tensor of awkward float values (signed zero, subnormal, infinities, NaN payloads)
 * to pin bit-exactness.
 */
class GoldenCheckpointGenerator {
  @Test
  @EnabledIfSystemProperty(named = "actorgrad.golden.out", matches = ".+")
  void write() throws IOException {
    CheckpointFormat.write(golden(), Path.of(System.getProperty("actorgrad.golden.out")));
  }

  static Checkpoint golden() {
    SeededRandom random = new SeededRandom(20240601L);
    float[] params = new float[4 * 3 + 3 + 3 * 2 + 2]; // (4,3) W1, (3) b1, (3,2) W2, (2) b2
    float[] velocity = new float[params.length];
    for (int i = 0; i < params.length; i++) {
      params[i] = random.nextFloat() * 2f - 1f;
      velocity[i] = (random.nextFloat() - 0.5f) * 0.01f;
    }
    float[] special = {
      0f, -0f, Float.MIN_VALUE, -Float.MIN_NORMAL, Float.MAX_VALUE, Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffa00000),
      1f / 3f, 0.1f
    };

    Map<String, Object> header = new LinkedHashMap<>();
    header.put("spec", ordered("inputs", 4, "layers", List.of(
        ordered("type", "dense", "units", 3, "activation", "relu"),
        ordered("type", "dense", "units", 2, "activation", "softmax"))));
    header.put("optimizer", ordered("name", "sgd_momentum", "learning_rate", 0.1f, "momentum", 0.9, "step", 12));
    header.put("schedule", ordered("name", "step_decay", "every_epochs", 1, "factor", 0.5));
    header.put("epoch", 2);
    header.put("step_in_epoch", 0);
    header.put("global_step", 12L);
    header.put("seed", 42L);
    header.put("partitions", 4);
    header.put("batch_size", 8);
    header.put("dataset", ordered("name", "tiny", "train", 48, "test", 16,
        "sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
    header.put("metrics", List.of(
        ordered("epoch", 1, "loss", 0.6931471805599453, "train_accuracy", 0.5, "val_accuracy", 0.5625),
        ordered("epoch", 2, "loss", 0.4054651081081644, "train_accuracy", 0.6875, "val_accuracy", 0.625)));
    header.put("val_accuracy", 0.625);
    header.put("finished", false);
    header.put("note", "golden file of format 1 \u2014 \"quoted\", back\\slash, tab\t, caf\u00e9 \u2713");

    Map<String, float[]> tensors = new LinkedHashMap<>();
    tensors.put("params", params);
    tensors.put("optim.velocity", velocity);
    tensors.put("test.special", special);
    tensors.put("test.empty", new float[0]);
    return new Checkpoint(header, tensors);
  }

  private static Map<String, Object> ordered(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }
}
