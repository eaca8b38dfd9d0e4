package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.actorgrad.model.FeatureShape;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.junit.jupiter.api.Test;

class TrainingMemoryTest {
  private static final FeatureShape MNIST = new FeatureShape(1, 28, 28);
  private static final long GB = 1_000_000_000L;

  private static Network network(String layers) {
    return new Network(NetworkSpec.parse(MNIST, 10, layers, "ce"));
  }

  @Test
  void theIssuesCnnFitsWithRoomToSpare() {
    Network cnn = network("conv:32:3x3:relu,maxpool:2x2,conv:64:3x3:relu,maxpool:2x2,128:relu,10:softmax");
    assertEquals(Optional.empty(), TrainingMemory.shortfall(cnn, 32, 2, 2, GB / 10));
  }

  @Test
  void aBatchOfOutputsLongerThanAnArrayIsRefusedWhereverTheWorkersAre() {
    // 67,600,000 outputs per sample; the dense layer packs 32 x (67,600,000 + 10) of them
    Network wide = network("conv:100000:3x3:relu,10:softmax");
    String tooLong = "a worker's buffers for 32 samples of this network need an array of 2,163,200,320 floats,"
        + " more than one Java array holds; use fewer filters or units, or a smaller --batch-size";
    assertEquals(Optional.of(tooLong), TrainingMemory.shortfall(wide, 32, 2, 2, Long.MAX_VALUE));
    // a coordinator whose workers are all remote: they could not build it either
    assertEquals(Optional.of(tooLong), TrainingMemory.shortfall(wide, 32, 2, 0, Long.MAX_VALUE));
    assertEquals(Optional.empty(), TrainingMemory.shortfall(wide, 16, 2, 1, Long.MAX_VALUE)); // 16 fit
    // pooled at once, the conv layer keeps nothing batch-wide (GradientEngine): its pool's output counts
    Network pooled = network("conv:100000:3x3:relu,maxpool:2x2,10:softmax");
    assertEquals(Optional.empty(), TrainingMemory.shortfall(pooled, 32, 2, 2, Long.MAX_VALUE));
    // the dense layers' packing buffer, batch x (widest input + widest output): 64 x 40,000,000
    // floats, though no layer's outputs for the batch (64 x 20,000,000) are too long
    Network dense = network("1:relu,20000000:relu,10:softmax");
    assertTrue(TrainingMemory.shortfall(dense, 64, 1, 1, Long.MAX_VALUE).orElseThrow()
        .contains("need an array of 2,560,000,000 floats"));
    assertEquals(Optional.empty(), TrainingMemory.shortfall(dense, 16, 1, 1, Long.MAX_VALUE));
  }

  @Test
  void aRunNeedingMoreThanTheHeapHasLeftSaysHowMuchAndWhy() {
    Network big = network("1000000:relu,10:softmax"); // 795,000,010 parameters
    long engine = GradientEngine.engineBytes(big, 32) + 4L * 32 * 784;
    long needed = 4L * 795_000_010L * (TrainingMemory.RUN_ARRAYS + 2) + 2 * engine;
    assertEquals(Optional.empty(), TrainingMemory.shortfall(big, 32, 2, 2, needed));
    Optional<String> problem = TrainingMemory.shortfall(big, 32, 2, 2, needed - 1);
    assertTrue(problem.isPresent());
    assertTrue(problem.get().matches("the network needs at least \\d+\\.\\d GB of memory to train here"
        + " \\(795,000,010 parameters, 2 gradient array\\(s\\), 2 worker engine\\(s\\) of 32 samples\\) and this JVM has"
        + " \\d+\\.\\d GB left; use fewer filters or units, or a smaller --batch-size, or give the JVM more"
        + " \\(ACTORGRAD_JAVA_OPTS=-Xmx\\.\\.\\.\\)"), problem.get());
    long oneGradientFewer = needed - 4L * 795_000_010L; // one partition: one gradient array fewer
    assertEquals(Optional.empty(), TrainingMemory.shortfall(big, 32, 1, 2, oneGradientFewer));
    assertTrue(TrainingMemory.shortfall(big, 32, 1, 2, oneGradientFewer - 1).isPresent());
  }

}
