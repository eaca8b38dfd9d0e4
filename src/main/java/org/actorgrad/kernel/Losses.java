package org.actorgrad.kernel;

/**
 * Losses over a batch of one-hot targets given as class labels. Both return the loss SUMMED over
 * the batch (in double) and write the gradient of that sum; the coordinator divides by the step's
 * sample count, so partitions of one step add up exactly as one big batch would.
 */
public final class Losses {
  private Losses() {}

  /**
   * Fused softmax + cross-entropy on logits (batch, classes): writes probs (batch, classes) and
   * dlogits = probs - onehot (gradient of the loss sum over the batch, not divided); returns the
   * loss sum Σ_b -log p[b, label_b]. Log-sum-exp with the row max subtracted, so logits of ±1e4
   * give a finite loss and gradient. dlogits may be the same array as probs, not as logits.
   */
  public static double softmaxCrossEntropy(float[] dlogits, float[] probs, float[] logits,
      int[] labels, int batch, int classes) {
    return softmaxCrossEntropy(dlogits, probs, logits, labels, batch, classes, 0.0);
  }

  /**
   * As {@link #softmaxCrossEntropy(float[], float[], float[], int[], int, int)}, the samples'
   * losses added one by one to {@code start} instead of to 0: a sum over several calls then has
   * the bits of one call over all their samples.
   */
  public static double softmaxCrossEntropy(float[] dlogits, float[] probs, float[] logits,
      int[] labels, int batch, int classes, double start) {
    check(dlogits, probs, labels, batch, classes);
    DenseShapes.checkLength("logits", logits, (long) batch * classes, "batch*classes");
    if (dlogits == logits || probs == logits) {
      throw new IllegalArgumentException("probs and dlogits must not overwrite logits");
    }
    double loss = start;
    for (int b = 0; b < batch; b++) {
      int off = b * classes;
      double sumExp = Softmax.row(probs, logits, off, classes);
      float max = logits[off];
      for (int j = 1; j < classes; j++) {
        max = Math.max(max, logits[off + j]);
      }
      // -log p_y = log Σ exp(l - max) - (l_y - max): never takes the log of an underflowed probability.
      loss += StrictMath.log(sumExp) - ((double) logits[off + labels[b]] - max);
      for (int j = 0; j < classes; j++) {
        dlogits[off + j] = probs[off + j];
      }
      dlogits[off + labels[b]] -= 1f;
    }
    return loss;
  }

  /**
   * Mean squared error against one-hot targets. Reduction: per sample, the MEAN over the classes
   * of (out - onehot)^2; the return value is the SUM of those means over the batch, and dout
   * (batch, classes) = 2 (out - onehot) / classes is the gradient of that sum. Divided later by
   * the step's sample count, the whole equals torch's MSELoss(reduction='mean') over batch*classes.
   * dout may be the same array as out.
   */
  public static double meanSquaredError(float[] dout, float[] out, int[] labels, int batch, int classes) {
    return meanSquaredError(dout, out, labels, batch, classes, 0.0);
  }

  /** As {@link #meanSquaredError(float[], float[], int[], int, int)}, the sum started at {@code start}. */
  public static double meanSquaredError(float[] dout, float[] out, int[] labels, int batch, int classes,
      double start) {
    check(dout, out, labels, batch, classes);
    double loss = start;
    for (int b = 0; b < batch; b++) {
      int off = b * classes;
      double rowSum = 0;
      for (int j = 0; j < classes; j++) {
        double d = (double) out[off + j] - (j == labels[b] ? 1.0 : 0.0);
        rowSum += d * d;
        dout[off + j] = (float) (2.0 * d / classes);
      }
      loss += rowSum / classes;
    }
    return loss;
  }

  private static void check(float[] grad, float[] values, int[] labels, int batch, int classes) {
    if (batch < 1 || classes < 1) {
      throw new IllegalArgumentException(
          "expected batch and classes >= 1, found batch=" + batch + " classes=" + classes);
    }
    long n = (long) batch * classes;
    DenseShapes.checkLength("gradient", grad, n, "batch*classes");
    DenseShapes.checkLength("output", values, n, "batch*classes");
    if (labels == null || labels.length < batch) {
      throw new IllegalArgumentException("expected at least " + batch + " labels, found "
          + (labels == null ? "null" : labels.length));
    }
    for (int b = 0; b < batch; b++) {
      if (labels[b] < 0 || labels[b] >= classes) {
        throw new IllegalArgumentException("label " + labels[b] + " of sample " + b
            + " is outside [0, " + classes + ")");
      }
    }
  }
}
