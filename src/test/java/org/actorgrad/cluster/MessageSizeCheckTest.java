package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.actorgrad.data.Dataset;
import org.actorgrad.data.LoadedData;
import org.actorgrad.training.MathOptions;
import org.actorgrad.training.TrainingConfig;
import org.actorgrad.training.TrainingPlan;
import org.junit.jupiter.api.Test;

/**
 * The start-up check of message sizes against Artery's frame: a step's Compute carries the weights
 * AND the batch's sample positions, so a frame that holds the weights alone must still be refused
 * (bench/load.sh showed such a Compute dropped mid-run, the run failing at the step timeout).
 */
class MessageSizeCheckTest {
  // 64 inputs -> 16 -> 10: 1,210 parameters, 4,840 bytes of weights; batch 16 over 2 partitions.
  private static final long WEIGHTS = 4 * 1210;
  private static final long POSITIONS = 4 * 16 + 10 * 2;
  private static final long HEADROOM = 64 * 1024;

  private static TrainingPlan plan() {
    byte[] pixels = new byte[20 * 64]; // (20, 64)
    byte[] labels = new byte[20];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) (i % 10);
    }
    Dataset train = Dataset.of("train", 8, 8, pixels, labels);
    Dataset test = Dataset.of("test", 8, 8, new byte[10 * 64], new byte[10]);
    TrainingConfig config = new TrainingConfig(
        new MathOptions("16:relu,10:softmax", "cross-entropy", "sgd", 0.1f, "constant", 16, 2, 7, 0, 0),
        1, 1, 1, Duration.ofSeconds(20));
    return TrainingPlan.create(config, new LoadedData(train, test, "synthetic"));
  }

  @Test
  void aFrameThatHoldsTheWeightsButNotTheBatchPositionsIsRefusedAtStartUp() {
    TrainingPlan plan = plan();
    long justEnough = WEIGHTS + POSITIONS + HEADROOM;
    assertDoesNotThrow(() -> ClusterTraining.checkMessageSizes(plan, justEnough));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClusterTraining.checkMessageSizes(plan, justEnough - 1));
    assertTrue(e.getMessage().contains("1,210 parameters and a step's 16 sample positions"), e.getMessage());
    assertTrue(e.getMessage().contains("raise that limit on every node"), e.getMessage());
    assertTrue(WEIGHTS + HEADROOM <= justEnough - 1, "the weights alone would have fit");
  }
}
