package org.actorgrad.cli;

import java.util.List;
import java.util.Optional;
import org.actorgrad.data.LoadedData;
import org.actorgrad.training.RunHeader;

/**
 * Whether a model meets data of another data set than the one it was trained on (an MNIST model
 * evaluated on Fashion-MNIST): its accuracy there means nothing and its answers name classes the
 * data does not have, so evaluate, predict and show say so in one line (and go on).
 *
 * <p>What counts as another data set, from the header's data identity: the data's fingerprint
 * (the SHA-256 of the four files' content) differs, and so does its name or its class names. Same
 * fingerprint: the same files, wherever they lie. Other files with the same name and class names,
 * such as MNIST's 10,000-image training subset against the full 60,000: the same data set, since a
 * model is meant to be evaluated on the canonical test set whatever subset it was trained on.
 */
final class DataMismatch {
  /** How many class names a warning shows before "...". */
  private static final int NAMES_SHOWN = 4;

  private DataMismatch() {}

  /** The warning's text (without "warning: "), or empty when the data is the model's data set. */
  static Optional<String> warning(RunHeader header, LoadedData data) {
    RunHeader.DataIdentity trained = header.data();
    if (trained.sha256().equals(data.fingerprint())) {
      return Optional.empty();
    }
    String name = data.train().name().replaceFirst("/train$", "");
    if (trained.dataset().equals(name) && trained.classNames().equals(data.classNames())) {
      return Optional.empty();
    }
    return Optional.of("the model was trained on " + trained.dataset() + " (classes " + shown(trained.classNames())
        + "), and this is " + name + " (classes " + shown(data.classNames()) + "): another data set, so its"
        + " answers name classes of " + trained.dataset() + " and its accuracy here means little");
  }

  private static String shown(List<String> names) {
    return names.size() <= NAMES_SHOWN ? String.join(", ", names)
        : String.join(", ", names.subList(0, NAMES_SHOWN)) + ", ...";
  }
}
