package org.actorgrad.training;

import org.actorgrad.data.Dataset;
import org.actorgrad.model.BatchStats;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;

/** Loss and accuracy of a parameter vector over a whole data set, in fixed chunks. */
public final class Evaluator {
  private static final int CHUNK = 250;

  private final GradientEngine engine;
  private final float[] x; // (CHUNK, features)
  private final int[] y; // (CHUNK)
  private final int[] indices; // (CHUNK)

  public Evaluator(Network network, int features) {
    this.engine = new GradientEngine(network, CHUNK);
    this.x = new float[CHUNK * features];
    this.y = new int[CHUNK];
    this.indices = new int[CHUNK];
  }

  public BatchStats evaluate(float[] params, Dataset data) {
    BatchStats total = new BatchStats(0, 0, 0);
    for (int from = 0; from < data.count(); from += CHUNK) {
      int n = Math.min(CHUNK, data.count() - from);
      for (int k = 0; k < n; k++) {
        indices[k] = from + k;
      }
      data.fill(x, y, indices, 0, n);
      total = total.plus(engine.evaluate(params, x, y, n));
    }
    return total;
  }
}
