package org.actorgrad.cli;

import java.util.List;
import java.util.Map;
import org.actorgrad.data.ClassList;

/** Human names of a model's classes, for predictions a person reads. */
final class ClassNames {
  private ClassNames() {}

  /**
   * The names a checkpoint's data section records ({@code class_names}), else (older checkpoints)
   * the known names of its data set, else the label numbers; always {@code classes} of them.
   */
  static List<String> of(Map<String, Object> dataSection, int classes) {
    if (dataSection.get("class_names") instanceof List<?> names && names.size() == classes) {
      return names.stream().map(String::valueOf).toList();
    }
    return ClassList.forDataset(String.valueOf(dataSection.get("dataset")), classes);
  }
}
