package org.actorgrad.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.actorgrad.checkpoint.CheckpointException;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.actorgrad.training.RunCheckpoint;

/**
 * What a model's input is, from its checkpoint: the image shape (channels, rows, cols) and the
 * class names. Models written before the checkpoint recorded them get a square one-channel shape
 * when the input count is a square (784: 28x28), and their data set's known names or the numbers.
 */
record ModelInput(int channels, int rows, int cols, List<String> classNames) {
  /**
   * @throws IllegalArgumentException when the model cannot be read (ModelFile.load has said so first)
   */
  static ModelInput of(Path model, int inputs, int classes) {
    Map<String, Object> data;
    try {
      data = RunCheckpoint.section(CheckpointFormat.read(model), "data");
    } catch (CheckpointException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    List<String> names = ClassNames.of(data, classes);
    if (data.get("shape") instanceof List<?> s && s.size() == 3
        && s.stream().allMatch(v -> v instanceof Number n && n.intValue() > 0)) {
      int c = ((Number) s.get(0)).intValue();
      int h = ((Number) s.get(1)).intValue();
      int w = ((Number) s.get(2)).intValue();
      if ((long) c * h * w == inputs) {
        return new ModelInput(c, h, w, names);
      }
    }
    int side = (int) Math.round(Math.sqrt(inputs));
    return side * side == inputs ? new ModelInput(1, side, side, names) : new ModelInput(0, 0, 0, names);
  }

  /** False for an old model of a non-square input: its image shape is unknown. */
  boolean knowsShape() {
    return channels > 0;
  }

  int features() {
    return channels * rows * cols;
  }
}
