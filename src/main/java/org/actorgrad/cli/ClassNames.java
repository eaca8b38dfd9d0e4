package org.actorgrad.cli;

import java.util.List;
import org.actorgrad.training.RunHeader;

/** Human names of a model's classes, for predictions a person reads. */
final class ClassNames {
  private ClassNames() {}

  /**
   * The names the model's header records ({@code data.class_names}): one per class, checked when the
   * header was read. Checkpoints written before they were recorded get the known names of their
   * data set, else the label numbers (filled in by the header's migration).
   */
  static List<String> of(RunHeader header) {
    return header.data().classNames();
  }
}
