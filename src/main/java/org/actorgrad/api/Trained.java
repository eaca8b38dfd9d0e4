package org.actorgrad.api;

import org.actorgrad.training.TrainingResult;

/**
 * A finished run from {@link Training#train}.
 *
 * @param result the final parameters, the per-epoch history, the test loss and accuracy, and
 *     {@link TrainingResult#fingerprint()}: the SHA-256 of the weights, equal for any worker count
 * @param model the trained model, ready to predict or export
 */
public record Trained(TrainingResult result, Model model) {}
