package org.actorgrad.training;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.actorgrad.model.Fingerprint;

/** A finished run: the final parameters, the history and the test figures. */
public record TrainingResult(
    float[] params,
    List<EpochMetrics> history,
    double testLoss,
    double testAccuracy,
    long steps) {

  /**
   * Waits for a run to end: its result, or its failure rethrown as the user-facing exception it
   * carried (a {@link TrainingException} when it carried something else).
   */
  public static TrainingResult await(CompletableFuture<TrainingResult> done) {
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrainingException("interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new TrainingException(String.valueOf(e.getCause()));
    }
  }

  /** SHA-256 of the parameters as little-endian float32: equal fingerprints, identical weights. */
  public String fingerprint() {
    return Fingerprint.sha256(params);
  }
}
