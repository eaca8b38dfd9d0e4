package org.actorgrad.cli;

import java.util.Arrays;
import java.util.Comparator;

/** Class indices by descending probability (ties: lower index first). */
final class Top {
  private Top() {}

  static Integer[] order(float[] probabilities) {
    Integer[] order = new Integer[probabilities.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -probabilities[i]));
    return order;
  }
}
