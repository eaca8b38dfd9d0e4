package org.actorgrad.cli;

import java.util.Locale;
import java.util.Optional;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;

/**
 * Whether a run's network fits this JVM before the run claims its folder: a network too large
 * for the heap failed inside a worker (an OutOfMemoryError, or an integer overflow where one
 * buffer would exceed a Java array, with stack traces) and left a run folder with nothing in it.
 * Checked from sizes alone, nothing allocated: the largest batch-wide buffer a worker's engine
 * needs, against the longest Java array, and a lower bound of the bytes the run needs, against
 * what the heap has left.
 */
final class TrainingMemory {
  /** The longest float[] the JVM allocates (HotSpot's limit, a few below Integer.MAX_VALUE). */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
  /**
   * Parameter-sized arrays a run holds beside the partitions' gradients: the weights, the spare
   * the next step's are written into, the mean gradient, and a checkpoint's copy of the weights.
   */
  static final int RUN_ARRAYS = 4;

  private TrainingMemory() {}

  /**
   * What keeps the run from fitting, as one sentence, or empty when it may fit.
   *
   * @param maxBatch samples one partition computes at a step (a worker engine's batch)
   * @param partitions P: one gradient array each is in flight at a step
   * @param engines worker engines in this JVM (a cluster coordinator's workers build theirs elsewhere)
   * @param available bytes this JVM may still allocate (its maximum heap less what is in use)
   */
  static Optional<String> shortfall(Network network, int maxBatch, int partitions, int engines, long available) {
    for (int l = 0; l < network.spec().layers().size(); l++) {
      long floats = (long) maxBatch * network.outputShape(l).size();
      if (engines > 0 && floats > MAX_ARRAY) {
        return Optional.of(String.format(Locale.ROOT, "layer %d (%s) has %,d outputs per sample: a batch of %d"
            + " of them is more than one Java array holds; use fewer filters or units, or a smaller --batch-size",
            l + 1, network.spec().layers().get(l), network.outputShape(l).size(), maxBatch));
      }
    }
    long parameters = network.parameterCount();
    long needed = 4 * parameters * (RUN_ARRAYS + partitions)
        + (long) engines * (GradientEngine.engineBytes(network, maxBatch) + 4L * maxBatch * network.spec().inputs());
    if (needed <= available) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "the network needs at least %s of memory to train here"
        + " (%,d parameters, %d gradient arrays, %d worker engine(s) of %d samples) and this JVM has %s left;"
        + " use fewer filters or units, or a smaller --batch-size, or give the JVM more"
        + " (ACTORGRAD_JAVA_OPTS=-Xmx...)", gigabytes(needed), parameters, partitions, engines, maxBatch,
        gigabytes(available)));
  }

  /** Bytes this JVM may still allocate: its maximum heap less what is in use now. */
  static long available(Runtime runtime) {
    return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
  }

  private static String gigabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
  }
}
