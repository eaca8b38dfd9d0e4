package org.actorgrad.kernel;

/**
 * The class a row of outputs predicts: the index of its largest value, as {@code torch.argmax}
 * over the last dimension (the first index on ties). One rule for the accuracy counted in
 * training and the predictions of a saved model, so the two never disagree on a tie.
 */
public final class Argmax {
  private Argmax() {}

  /**
   * The index in [0, n) of the largest of {@code x[off .. off+n)}, the first one on ties. A NaN
   * never counts as larger than an earlier value (torch.argmax would pick it); training stops at
   * a non-finite loss before its accuracy matters.
   *
   * @throws IllegalArgumentException when n < 1
   */
  public static int row(float[] x, int off, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("expected a row of at least 1 value, found " + n);
    }
    int best = 0;
    for (int c = 1; c < n; c++) {
      if (x[off + c] > x[off + best]) {
        best = c;
      }
    }
    return best;
  }
}
