package org.actorgrad.model;

import java.util.Locale;

/** The training loss: what the output layer is compared against (the one-hot label). */
public enum LossKind {
  /** Softmax output with cross-entropy; the gradient is fused ({@code probs - onehot}). */
  CROSS_ENTROPY("cross-entropy"),
  /** Mean over classes of the squared error against the one-hot label; any output activation. */
  MSE("mse");

  private final String id;

  LossKind(String id) {
    this.id = id;
  }

  /** The canonical name, as written by {@link NetworkSpec#toString()} and accepted by {@link #parse}. */
  public String id() {
    return id;
  }

  /** Accepts {@code cross-entropy} (also {@code cross_entropy}, {@code crossentropy}, {@code ce}) and {@code mse}. */
  public static LossKind parse(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "cross-entropy":
      case "cross_entropy":
      case "crossentropy":
      case "ce":
        return CROSS_ENTROPY;
      case "mse":
        return MSE;
      default:
        throw new IllegalArgumentException(
            "unknown loss '" + name + "' (expected one of cross-entropy, mse)");
    }
  }
}
