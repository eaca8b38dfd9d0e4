package org.actorgrad.training;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Step-sized float arrays handed back after use, so that decoding a step's gradients (on the
 * coordinator) or weights (on a linked worker) does not allocate and zero 400 KB or more each
 * time: at a step every 1-2 ms that is most of a JVM's garbage. One pool per JVM.
 *
 * <p>Only an array nobody reads any more may be given back (the coordinator's gradients once the
 * step is applied, a worker's weights once its gradients are sent); it is then handed out again
 * with any contents. The pool keeps arrays only while some it lent are still out, so a run that
 * decodes nothing (local training) leaves nothing behind, and at most {@link #KEPT} of them.
 */
public final class FloatArrays {
  private static final int KEPT = 8;
  private static final ArrayDeque<float[]> free = new ArrayDeque<>();
  private static int lent; // taken and not given back yet

  private FloatArrays() {}

  /** An array of {@code length} floats, with arbitrary contents: the caller overwrites all of them. */
  public static synchronized float[] take(int length) {
    lent++;
    for (Iterator<float[]> i = free.iterator(); i.hasNext(); ) {
      float[] array = i.next();
      if (array.length == length) {
        i.remove();
        return array;
      }
    }
    return new float[length];
  }

  /** Gives back an array nobody will read or write any more. */
  public static synchronized void giveBack(float[] array) {
    if (lent == 0) {
      return; // nothing was decoded here: not ours to keep
    }
    for (float[] kept : free) {
      if (kept == array) {
        throw new IllegalStateException("an array was given back twice"); // two takers would share it
      }
    }
    lent--;
    if (free.size() == KEPT) {
      free.removeLast(); // the oldest; a run whose sizes changed should not pin the old ones
    }
    free.addFirst(array);
  }
}
