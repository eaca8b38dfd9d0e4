package org.actorgrad.checkpoint;

import java.io.IOException;

/** A consumer that may fail with an IOException, such as the body writing a file. */
@FunctionalInterface
public interface IoConsumer<T> {
  void accept(T value) throws IOException;
}
