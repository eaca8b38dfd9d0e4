package org.actorgrad.training;

import org.actorgrad.data.Dataset;
import org.actorgrad.model.BatchStats;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;

/**
 * Loss and accuracy of a parameter vector over a whole data set. The loss is summed sample by
 * sample within groups of {@link #GROUP} samples and the groups' sums are then added, as it always
 * was; the engine runs {@link GradientEngine#evaluationBatch} samples at a time (all 250 for a dense
 * network; ~33 for the MNIST CNN, bounded by bytes, workspaces included), and each batch continues its group's sum, so
 * the result's bits do not depend on it.
 */
public final class Evaluator {
  /** Samples per loss group: fixes the order in which the loss sum is rounded. */
  static final int GROUP = 250;

  private final GradientEngine engine;
  private final int batch;
  private final float[] x; // (batch, features)
  private final int[] y; // (batch)
  private final int[] indices; // (batch)

  public Evaluator(Network network, int features) {
    this.batch = GradientEngine.evaluationBatch(network);
    this.engine = new GradientEngine(network, batch);
    this.x = new float[batch * features];
    this.y = new int[batch];
    this.indices = new int[batch];
  }

  /** Samples the engine takes at a time (for tests and memory reports). */
  public int batch() {
    return batch;
  }

  public BatchStats evaluate(float[] params, Dataset data) {
    BatchStats total = new BatchStats(0, 0, 0);
    for (int from = 0; from < data.count(); from += GROUP) {
      int end = Math.min(from + GROUP, data.count());
      double loss = 0;
      int correct = 0;
      for (int at = from; at < end; at += batch) {
        int n = Math.min(batch, end - at);
        for (int k = 0; k < n; k++) {
          indices[k] = at + k;
        }
        data.fill(x, y, indices, 0, n);
        BatchStats part = engine.evaluate(params, x, y, n, loss);
        loss = part.lossSum();
        correct += part.correct();
      }
      total = total.plus(new BatchStats(loss, correct, end - from));
    }
    return total;
  }
}
