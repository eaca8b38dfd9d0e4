package org.actorgrad.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The compute pool's queue: takers get every task, spinning or parked, and an interrupt still ends a wait. */
class SpinThenParkQueueTest {
  private static final Duration BOUND = Duration.ofSeconds(30);

  @Test
  void aTaskQueuedBeforeTheTakeIsTakenAtOnce() throws Exception {
    SpinThenParkQueue queue = new SpinThenParkQueue(TimeUnit.MILLISECONDS.toNanos(1));
    Runnable task = () -> {};
    queue.offer(task);
    assertSame(task, queue.take());
  }

  @Test
  void aTakerParkedAfterItsSpinIsWokenByTheNextTask() {
    // A spin of 1 us is over long before the task comes: the taker must have parked and be woken.
    SpinThenParkQueue queue = new SpinThenParkQueue(1_000);
    assertTimeoutPreemptively(BOUND, () -> {
      CountDownLatch taking = new CountDownLatch(1);
      CompletableFuture<Runnable> taken = CompletableFuture.supplyAsync(() -> {
        taking.countDown();
        try {
          return queue.take();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      taking.await();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      Runnable task = () -> {};
      queue.offer(task);
      assertSame(task, taken.get());
    });
  }

  @Test
  void everyTaskReachesOneTakerWhileTakersSpinAndPark() {
    SpinThenParkQueue queue = new SpinThenParkQueue(TimeUnit.MICROSECONDS.toNanos(50));
    int tasks = 20_000;
    assertTimeoutPreemptively(BOUND, () -> {
      java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
      Thread[] takers = new Thread[3];
      for (int t = 0; t < takers.length; t++) {
        takers[t] = new Thread(() -> {
          try {
            while (true) {
              queue.take().run();
            }
          } catch (InterruptedException e) {
            // the test is over
          }
        });
        takers[t].start();
      }
      for (int i = 0; i < tasks; i++) {
        queue.offer(ran::incrementAndGet);
        if (i % 1000 == 0) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // let the takers park now and then
        }
      }
      while (ran.get() < tasks) {
        Thread.onSpinWait();
      }
      for (Thread t : takers) {
        t.interrupt();
        t.join();
      }
      assertEquals(tasks, ran.get());
    });
  }

  @Test
  void anInterruptEndsTheSpinAndTheWait() {
    SpinThenParkQueue queue = new SpinThenParkQueue(TimeUnit.MILLISECONDS.toNanos(1));
    assertTimeoutPreemptively(BOUND, () -> {
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, queue::take);
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, () -> queue.poll(1, TimeUnit.HOURS));
    });
  }

  @Test
  void aNegativeSpinIsRefused() {
    assertEquals("expected a spin of 0 or more nanoseconds, found -1",
        assertThrows(IllegalArgumentException.class, () -> new SpinThenParkQueue(-1)).getMessage());
  }
}
