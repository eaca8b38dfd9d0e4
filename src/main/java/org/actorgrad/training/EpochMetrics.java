package org.actorgrad.training;

/** One epoch's figures, as printed, written to the metrics file and kept in checkpoints. */
public record EpochMetrics(
    int epoch,
    double loss,
    double trainAccuracy,
    double validationLoss,
    double validationAccuracy,
    double seconds,
    double samplesPerSecond,
    int workers,
    int steps,
    double computeSeconds) {}
