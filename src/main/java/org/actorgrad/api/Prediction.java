package org.actorgrad.api;

/**
 * A model's answer for one image.
 *
 * @param label the predicted class, 0 to classes - 1: the index of the largest probability
 * @param probabilities (classes) the model's output: softmax probabilities summing to 1 for every
 *     cross-entropy model; for an mse model, its last layer's activations
 */
public record Prediction(int label, float[] probabilities) {
  /** The probability of the predicted class. */
  public float confidence() {
    return probabilities[label];
  }
}
