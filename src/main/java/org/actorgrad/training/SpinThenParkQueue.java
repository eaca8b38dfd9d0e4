package org.actorgrad.training;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A pool's task queue whose takers poll it for a bounded time before they park. A step hands its
 * work from thread to thread several times (a worker's gradient to the coordinator, the next
 * Compute to the workers); a parked thread is woken through the kernel (a futex: tens of
 * microseconds on a virtual machine, much more when the cores are busy), while one still polling
 * sees the task within a fraction of a microsecond, and the producer's signal to an empty wait set
 * costs no system call. The spin is bounded by {@code spinNanos} and ends early on an interrupt, so
 * an idle pool costs that much CPU per idle period and then sleeps as any thread pool does.
 */
final class SpinThenParkQueue extends LinkedBlockingQueue<Runnable> {
  private static final long serialVersionUID = 1L;
  private final long spinNanos;

  /** @param spinNanos how long a taker polls before it parks, in nanoseconds; 0: it parks at once */
  SpinThenParkQueue(long spinNanos) {
    if (spinNanos < 0) {
      throw new IllegalArgumentException("expected a spin of 0 or more nanoseconds, found " + spinNanos);
    }
    this.spinNanos = spinNanos;
  }

  @Override
  public Runnable take() throws InterruptedException {
    Runnable task = spin();
    return task != null ? task : super.take();
  }

  @Override
  public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
    Runnable task = spin();
    return task != null ? task : super.poll(timeout, unit);
  }

  /** Polls until a task comes, the spin time is up or the thread is interrupted; null if none came. */
  private Runnable spin() {
    if (spinNanos == 0) {
      return null;
    }
    long start = System.nanoTime();
    do {
      // An empty LinkedBlockingQueue answers poll() from its atomic count, without a lock.
      Runnable task = poll();
      if (task != null) {
        return task;
      }
      Thread.onSpinWait();
    } while (System.nanoTime() - start < spinNanos && !Thread.currentThread().isInterrupted());
    return null;
  }
}
