package org.actorgrad.data;

/** Indices into the training {@link Dataset}: the samples trained on and those held out, each sorted ascending. */
public record Split(int[] train, int[] validation) {}
