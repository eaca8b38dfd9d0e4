package org.actorgrad.optim;

import java.util.Map;

/**
 * Updates a flat parameter vector in place from the mean gradient of one step.
 *
 * <p>Implementations use float arithmetic in a fixed element order and StrictMath where a
 * transcendental function is needed, so every node computes the same bits.
 */
public interface Optimizer {
  /**
   * One step: updates {@code params} in place from {@code grad}, the MEAN gradient of the step
   * (the coordinator divides the summed gradient by the sample count), with learning rate {@code lr}.
   * {@code grad} is only read.
   */
  void update(float[] params, float[] grad, float lr);

  /**
   * The same step written elsewhere: {@code out} (parameterCount) receives the updated
   * {@code params}, which are only read (they may be the same array as {@code out}, which is then
   * {@link #update(float[], float[], float)}). The state is updated in place as there, and every
   * element gets the same operations in the same order: the same bits as a copy followed by an
   * in-place update, without the copy's pass over the parameters.
   *
   * @throws IllegalArgumentException when an array is not parameterCount long, or lr is negative
   *     or not finite
   */
  void update(float[] out, float[] params, float[] grad, float lr);

  /** Number of updates done so far (restored from a checkpoint by {@link #restore}). */
  long steps();

  /**
   * The optimiser's state as named flat arrays in a fixed order (e.g. "velocity", or "m" then
   * "v"), each as long as the parameter vector. These are the LIVE arrays: a checkpoint writer
   * must copy or write them before the next update. Empty for plain SGD. The arrays are
   * allocated (zero) when the optimiser is created, so a checkpoint taken before the first step
   * holds the same tensors as any later one.
   */
  Map<String, float[]> state();

  /**
   * Continues from a checkpoint: sets the step count and copies {@code state} into this
   * optimiser's arrays. The names and lengths must be exactly those of {@link #state()}.
   */
  void restore(long steps, Map<String, float[]> state);
}
