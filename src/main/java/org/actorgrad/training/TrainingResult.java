package org.actorgrad.training;

import java.util.List;
import org.actorgrad.model.Fingerprint;

/** A finished run: the final parameters, the history and the test figures. */
public record TrainingResult(
    float[] params,
    List<EpochMetrics> history,
    double testLoss,
    double testAccuracy,
    long steps) {

  /** SHA-256 of the parameters as little-endian float32: equal fingerprints, identical weights. */
  public String fingerprint() {
    return Fingerprint.sha256(params);
  }
}
