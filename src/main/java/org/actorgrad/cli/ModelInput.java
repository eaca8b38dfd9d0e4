package org.actorgrad.cli;

import java.util.List;
import org.actorgrad.training.RunHeader;

/**
 * What a model's input is, from its checkpoint's header: the image shape (channels, rows, cols) and
 * the class names. Models written before the header recorded them read as a square one-channel
 * shape when the input count is a square (784: 28x28), else one row of the inputs, and their data
 * set's known names or the numbers (see {@code HeaderMigration}).
 */
record ModelInput(int channels, int rows, int cols, List<String> classNames) {
  /** The input of a model read by {@link ModelFile#load}; its header was validated then. */
  static ModelInput of(ModelFile.Loaded model) {
    RunHeader h = model.header();
    List<Integer> shape = h.data().shape(); // (C, H, W), product checked against network.inputs
    return new ModelInput(shape.get(0), shape.get(1), shape.get(2), ClassNames.of(h));
  }

  /**
   * False for a model whose input is one row (1 x 1 x N): an old model of a non-square input, whose
   * image shape was never recorded, or one trained on CSV rows with {@code --shape 1xN}.
   */
  boolean knowsShape() {
    return channels > 1 || rows > 1;
  }

  int features() {
    return channels * rows * cols;
  }
}
