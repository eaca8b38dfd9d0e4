package org.actorgrad.training;

import java.util.List;
import java.util.Map;

/**
 * A copy of everything that moves during a run, taken between two steps: with the plan it
 * continues the run exactly. Arrays here are owned by the snapshot, never by the live run.
 */
public record TrainingState(
    float[] params,
    long optimizerSteps,
    Map<String, float[]> optimizerState,
    int epoch,
    int stepInEpoch,
    long globalStep,
    double epochLoss,
    long epochCorrect,
    long epochCount,
    double epochSeconds,
    List<EpochMetrics> history) {}
