package org.actorgrad.cli;

import java.util.Locale;
import java.util.Optional;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;

/**
 * Whether a run's network fits before the run claims its folder: a network too large failed inside
 * a worker (an OutOfMemoryError, or an integer overflow where one buffer would exceed a Java
 * array, with stack traces) and left a run folder with nothing in it. Checked from sizes alone,
 * nothing allocated: the longest array a worker's engine and input need, against the longest Java
 * array (in every JVM, remote workers' too), and a lower bound of the bytes the run needs in this
 * JVM, against what its heap has left.
 */
final class TrainingMemory {
  /** The longest float[] the JVM allocates (HotSpot's limit, a few below Integer.MAX_VALUE). */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
  /**
   * Parameter-sized arrays a run holds beside the partitions' gradients and the optimiser's state:
   * the weights, the spare the next step's are written into, the mean gradient, and a checkpoint's
   * copy of the weights.
   */
  static final int RUN_ARRAYS = 4;

  private TrainingMemory() {}

  /**
   * Throws unless the run may fit: {@link #shortfall} with what the heap has left, measured again
   * after a collection before refusing (garbage from loading the data counts as in use until then).
   *
   * @throws IllegalArgumentException with the one-line reason
   */
  static void require(Network network, int maxBatch, int partitions, int engines, Runtime runtime) {
    Optional<String> problem = shortfall(network, maxBatch, partitions, engines, available(runtime));
    if (problem.isPresent()) {
      System.gc(); // only on the way to a refusal: what the heap really has left
      problem = shortfall(network, maxBatch, partitions, engines, available(runtime));
    }
    problem.ifPresent(p -> {
      throw new IllegalArgumentException(p);
    });
  }

  /**
   * What keeps the run from fitting, as one sentence, or empty when it may fit.
   *
   * @param network the run's network: its parameter count and layer sizes
   * @param maxBatch samples one partition computes at a step (a worker engine's batch)
   * @param partitions P: one gradient array each is in flight at a step
   * @param engines worker engines built in this JVM (a cluster coordinator's remote workers build
   *     theirs elsewhere)
   * @param available bytes this JVM may still allocate (its maximum heap less what is in use)
   */
  static Optional<String> shortfall(Network network, int maxBatch, int partitions, int engines, long available) {
    long input = (long) maxBatch * network.spec().inputs(); // a worker's batch of inputs, in floats
    long longest = Math.max(GradientEngine.largestArray(network, maxBatch), input);
    if (longest > MAX_ARRAY) {
      return Optional.of(String.format(Locale.ROOT, "a worker's buffers for %d samples of this network need"
          + " an array of %,d floats, more than one Java array holds; use fewer filters or units, or a"
          + " smaller --batch-size", maxBatch, longest));
    }
    long parameters = network.parameterCount();
    long needed = 4 * parameters * (RUN_ARRAYS + partitions)
        + engines * (GradientEngine.engineBytes(network, maxBatch) + 4 * input);
    if (needed <= available) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "the network needs at least %s of memory to train here"
        + " (%,d parameters, %d gradient array(s), %d worker engine(s) of %d samples) and this JVM has %s left;"
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
