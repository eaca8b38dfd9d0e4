package org.actorgrad.checkpoint;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Writes checkpoints off the step loop: the caller hands over a snapshot (arrays it will never
 * touch again) and goes on training while one background thread saves it through the store, in
 * submission order.
 *
 * <p>At most {@code maxPending} snapshots wait or are being written; a further {@link #submit}
 * blocks until one finishes, so a disk slower than the checkpoint rate slows training rather than
 * filling the heap with snapshots. The time spent so blocked is reported in {@link Stats}.
 *
 * <p>A failed write is not forgotten: {@link #throwIfFailed} (which the run calls every step), the
 * next {@code submit} and {@link #close} throw it, naming the file that could not be written, so a
 * run never goes on believing it is checkpointed when it is not.
 */
public final class AsyncCheckpointWriter implements AutoCloseable {
  public static final int DEFAULT_MAX_PENDING = 2;

  /** Totals for the run's report. Millisecond figures are wall-clock time. */
  public record Stats(int writes, long bytes, long totalWriteMillis, long maxWriteMillis, long blockedMillis) {}

  private final CheckpointStore store;
  private final ExecutorService thread;
  private final Semaphore pending;
  private final int maxPending;
  private int writes;
  private long bytes;
  private long totalWriteMillis;
  private long maxWriteMillis;
  private long blockedNanos;
  private volatile IOException failure;

  public AsyncCheckpointWriter(CheckpointStore store) {
    this(store, DEFAULT_MAX_PENDING);
  }

  public AsyncCheckpointWriter(CheckpointStore store, int maxPending) {
    if (maxPending < 1) {
      throw new IllegalArgumentException("expected maxPending >= 1, found " + maxPending);
    }
    this.store = store;
    this.maxPending = maxPending;
    this.pending = new Semaphore(maxPending);
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "checkpoint-writer");
      t.setDaemon(true); // close() is what waits; a forgotten writer must not keep the JVM alive
      return t;
    });
  }

  /**
   * Queues {@code snapshot} to be saved as step {@code globalStep}; blocks only while
   * {@code maxPending} writes are already queued. Throws the failure of an earlier write, if any.
   */
  public CompletableFuture<CheckpointStore.SaveResult> submit(Checkpoint snapshot, long globalStep)
      throws IOException {
    store.fileFor(globalStep); // validate the step now, on the caller's thread
    throwIfFailed();
    long start = System.nanoTime();
    try {
      pending.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a checkpoint write to finish");
    }
    synchronized (this) {
      blockedNanos += System.nanoTime() - start;
    }
    CompletableFuture<CheckpointStore.SaveResult> result = new CompletableFuture<>();
    try {
      thread.execute(() -> write(snapshot, globalStep, result));
    } catch (RejectedExecutionException closed) {
      pending.release();
      throw new IllegalStateException("the checkpoint writer is closed; step " + globalStep + " was not written");
    }
    return result;
  }

  private void write(Checkpoint snapshot, long globalStep, CompletableFuture<CheckpointStore.SaveResult> result) {
    try {
      CheckpointStore.SaveResult saved = store.save(snapshot, globalStep);
      record(saved);
      result.complete(saved);
    } catch (IOException | RuntimeException e) {
      recordFailure(e, globalStep);
      result.completeExceptionally(e);
    } finally {
      pending.release();
    }
  }


  public synchronized Stats stats() {
    return new Stats(writes, bytes, totalWriteMillis, maxWriteMillis, blockedNanos / 1_000_000);
  }

  /** Waits for every queued write to finish, then throws the first failure, if any. */
  @Override
  public void close() throws IOException {
    thread.shutdown();
    try {
      while (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        // a slow disk: keep waiting; the writes in flight are the run's checkpoints
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + (maxPending - pending.availablePermits())
          + " checkpoint writes to finish");
    }
    throwIfFailed();
  }

  private synchronized void record(CheckpointStore.SaveResult saved) {
    writes++;
    bytes += saved.bytes();
    totalWriteMillis += saved.millis();
    maxWriteMillis = Math.max(maxWriteMillis, saved.millis());
  }

  private synchronized void recordFailure(Exception e, long globalStep) {
    if (failure == null) {
      // The file that failed: the step's checkpoint, or best.agc beside it (an intact checkpoint
      // must not be blamed for a copy that failed after it).
      String message = e instanceof java.nio.file.FileSystemException f && f.getFile() != null
          ? "cannot write " + f.getFile() + (f.getReason() != null ? ": " + f.getReason().replaceFirst("^cannot write it: ", "") : "")
          : "cannot write " + store.fileFor(globalStep) + ": " + e.getMessage();
      failure = new IOException(message + " (the checkpoint of step " + globalStep + ")", e);
    }
  }

  /**
   * Throws the first failed write, if any; cheap enough to call every step (one volatile read), so
   * a failure is told at the next step rather than at the next checkpoint.
   */
  public void throwIfFailed() throws IOException {
    IOException f = failure;
    if (f != null) {
      throw f;
    }
  }
}
