package org.actorgrad.training;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Step-sized float arrays handed back after use, so that decoding a step's gradients (on the
 * coordinator) or weights (on a linked worker) does not allocate and zero 400 KB or more each
 * time: at a step every 1-2 ms that is most of a JVM's garbage.
 *
 * <p>One pool per node, owned by its wire serializer ({@code cluster.KryoSerializer#arrays}), which
 * takes from it every float array of a message it decodes; in a local run ({@code
 * LocalTraining}), one the workers take their gradient arrays from. The reuse rule, the only one: an array
 * may be given back only by the code that reads it last, once it is done with it, and it is then
 * handed out again with any contents. On a node that code is the coordinator's run once a step's
 * gradients are summed ({@link TrainingRun#giveGradientsBackTo}) and a linked worker once a
 * step's gradients are sent; a decoded array that reaches anyone else (a worker served through
 * Artery, a test) is simply never given back and left to the garbage collector.
 *
 * <p>The pool keeps arrays only while some it lent are still out, so arrays given back where it
 * decoded nothing (the gradients of a coordinator's local workers, which the run gives back
 * alike) are not kept; and at most {@link #KEPT} of them. Thread-safe: a coordinator's links
 * decode on their own threads while its step thread gives back.
 */
public final class FloatArrays {
  private static final int KEPT = 8;
  private final ArrayDeque<float[]> free = new ArrayDeque<>();
  private long lent; // taken and not given back yet

  /** An array of {@code length} floats, with arbitrary contents: the caller overwrites all of them. */
  public synchronized float[] take(int length) {
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

  /**
   * Gives back an array nobody will read or write any more (see the class comment).
   *
   * @throws IllegalStateException when the array is already back in the pool: two takers would
   *     then share it
   */
  public synchronized void giveBack(float[] array) {
    if (lent == 0) {
      return; // nothing decoded is out: not ours to keep
    }
    for (float[] kept : free) {
      if (kept == array) {
        throw new IllegalStateException("an array was given back twice");
      }
    }
    lent--;
    if (free.size() == KEPT) {
      free.removeLast(); // the oldest; a run whose sizes changed should not pin the old ones
    }
    free.addFirst(array);
  }
}
