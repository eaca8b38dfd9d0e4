package org.actorgrad.model;

import org.actorgrad.kernel.Activation;

/**
 * One dense layer: {@code size} outputs, its activation, and the dropout probability applied to
 * its outputs while training (0 for none).
 */
public record LayerSpec(int size, Activation activation, float dropout) {
  public LayerSpec {
    if (size <= 0) {
      throw new IllegalArgumentException("layer size must be a positive integer, found " + size);
    }
    if (activation == null) {
      throw new IllegalArgumentException("layer activation must not be null");
    }
    if (!(dropout >= 0f && dropout < 1f)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), found " + dropout);
    }
  }

  /** Canonical form {@code size:activation[:dropout=p]}, accepted back by {@link NetworkSpec#parse}. */
  @Override
  public String toString() {
    return size + ":" + activation.id() + (dropout > 0f ? ":dropout=" + dropout : "");
  }
}
