package org.actorgrad.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every fuzz target shares: a scratch file the input is written to (the readers take paths),
 * and the check that reading an input allocated no more than the input can justify.
 *
 * <p>The allocation check is what turns "unbounded allocation" into a finding even when the heap
 * is large enough to survive it: a reader that trusts a header claiming 1 GB allocates 1 GB from a
 * 40-byte file, which an OutOfMemoryError would only reveal on a smaller heap.
 */
public final class FuzzInputs {
  /** Fixed costs of one read (1 MB growth buffer, JSON parser, exception messages), with room. */
  public static final long BASE_ALLOWANCE = 16L << 20;
  /** Bytes a reader may allocate per input byte (JSON parsing is the hungriest, about 100 per byte). */
  public static final long PER_INPUT_BYTE = 256;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private FuzzInputs() {}

  /** A file in the temp folder that each call overwrites; one per target, deleted on exit. */
  public static Path scratchFile(String name) {
    try {
      Path file = Files.createTempFile("actorgrad-fuzz-" + name + "-", ".bin");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bytes allocated by this thread so far (HotSpot counts every TLAB and large allocation). */
  public static long allocatedBytes() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  /**
   * Runs {@code read} and fails if it allocated more than an input of {@code inputBytes} justifies.
   * A first call may also pay one-time costs on this thread (class loading and initialisation,
   * locale data for String.format: megabytes), so an excess is measured again on a second call
   * of the same read, which pays only what the input makes it allocate.
   */
  public static void requireBoundedAllocation(long inputBytes, String what, Runnable read) {
    long allowed = BASE_ALLOWANCE + PER_INPUT_BYTE * inputBytes;
    long before = allocatedBytes();
    read.run();
    if (allocatedBytes() - before <= allowed) {
      return;
    }
    before = allocatedBytes();
    read.run();
    long allocated = allocatedBytes() - before;
    if (allocated > allowed) {
      throw new AssertionError(what + " allocated " + allocated + " bytes for an input of " + inputBytes
          + " bytes, expected at most " + allowed + ": a size taken from the input is trusted");
    }
  }
}
