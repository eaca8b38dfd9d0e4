package org.actorgrad.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bookkeeping shared by the optimisers: argument checks, the step count and named state arrays.
 * State is allocated at creation, not on the first step: the parameter count is known then, and a
 * checkpoint written before the first step has the same tensors as any later one.
 */
abstract class AbstractOptimizer implements Optimizer {
  protected final int parameterCount;
  protected final float weightDecay;
  private final Map<String, float[]> state = new LinkedHashMap<>();
  private final Map<String, float[]> stateView = Collections.unmodifiableMap(state);
  private long steps;

  AbstractOptimizer(int parameterCount, float weightDecay) {
    if (parameterCount <= 0) {
      throw new IllegalArgumentException(
          "parameter count must be positive, found " + parameterCount);
    }
    this.parameterCount = parameterCount;
    this.weightDecay = weightDecay;
  }

  /** Allocates one named state array of parameterCount zeros; call from the constructor. */
  protected final float[] newState(String name) {
    float[] array = new float[parameterCount];
    state.put(name, array);
    return array;
  }

  /**
   * Writes the updated params into out (which may be params itself: each element of params is
   * read before that of out is written); {@code step} is the 1-based number of this update.
   */
  protected abstract void step(float[] out, float[] params, float[] grad, float lr, long step);

  @Override
  public final void update(float[] params, float[] grad, float lr) {
    update(params, params, grad, lr);
  }

  @Override
  public final void update(float[] out, float[] params, float[] grad, float lr) {
    if (params == null || params.length != parameterCount) {
      throw new IllegalArgumentException(
          "expected " + parameterCount + " parameters, found "
              + (params == null ? "null" : params.length));
    }
    if (out == null || out.length != parameterCount) {
      throw new IllegalArgumentException(
          "expected an output of " + parameterCount + " parameters, found "
              + (out == null ? "null" : out.length));
    }
    if (grad == null || grad.length != parameterCount) {
      throw new IllegalArgumentException(
          "expected a gradient of " + parameterCount + " floats, found "
              + (grad == null ? "null" : grad.length));
    }
    if (!(lr >= 0f) || Float.isInfinite(lr)) {
      throw new IllegalArgumentException("learning rate must be finite and >= 0, found " + lr);
    }
    step(out, params, grad, lr, steps + 1);
    steps++;
  }

  @Override
  public final long steps() {
    return steps;
  }

  @Override
  public final Map<String, float[]> state() {
    return stateView;
  }

  @Override
  public final void restore(long steps, Map<String, float[]> restored) {
    if (steps < 0) {
      throw new IllegalArgumentException("step count must be >= 0, found " + steps);
    }
    if (restored == null || !restored.keySet().equals(state.keySet())) {
      throw new IllegalArgumentException(
          "expected optimizer state " + state.keySet() + " for " + getClass().getSimpleName()
              + ", found " + (restored == null ? "null" : restored.keySet())
              + " (was the checkpoint written with a different optimizer?)");
    }
    for (Map.Entry<String, float[]> e : restored.entrySet()) {
      float[] from = e.getValue();
      if (from == null || from.length != parameterCount) {
        throw new IllegalArgumentException(
            "expected optimizer state '" + e.getKey() + "' of " + parameterCount + " floats, found "
                + (from == null ? "null" : from.length));
      }
    }
    // Copy only after every check passed, so a rejected restore leaves this optimiser untouched.
    for (Map.Entry<String, float[]> e : restored.entrySet()) {
      float[] to = state.get(e.getKey());
      if (to != e.getValue()) {
        System.arraycopy(e.getValue(), 0, to, 0, parameterCount);
      }
    }
    this.steps = steps;
  }
}
