package org.actorgrad.cli;

/** Human names of the ten classes, for predictions a person reads. */
final class ClassNames {
  private static final String[] FASHION = {
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
  private static final String[] DIGITS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

  private ClassNames() {}

  static String[] of(String dataset) {
    return "fashion-mnist".equals(dataset) ? FASHION : DIGITS;
  }
}
