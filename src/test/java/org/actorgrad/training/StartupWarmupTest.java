package org.actorgrad.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A start-up warm-up runs its body once per instance, on a daemon thread, and keeps what it threw. */
class StartupWarmupTest {
  @Test
  void theBodyRunsOnceOnADaemonThreadOfItsName() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> ranOn = new CopyOnWriteArrayList<>();
    StartupWarmup warmup = new StartupWarmup("test-warmup-once", () -> {
      calls.incrementAndGet();
      ranOn.add(Thread.currentThread());
      entered.countDown();
      try {
        release.await(60, TimeUnit.SECONDS); // held, so that a second body would be running beside it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    warmup.startOnce();
    assertTrue(entered.await(60, TimeUnit.SECONDS));
    warmup.startOnce(); // while the first still runs: a second thread would be alive now
    warmup.startOnce();
    long alive = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("test-warmup-once")).count();
    release.countDown();
    warmup.done().get(60, TimeUnit.SECONDS);
    assertEquals(1, alive);
    assertEquals(1, calls.get());
    assertTrue(ranOn.get(0).isDaemon());
  }

  @Test
  void whatTheBodyThrowsIsKeptInDone() {
    for (Throwable thrown : new Throwable[] {
        new IllegalStateException("runtime"), new NoClassDefFoundError("linkage"), new AssertionError("error")}) {
      StartupWarmup warmup = new StartupWarmup("test-warmup", () -> {
        if (thrown instanceof RuntimeException r) {
          throw r;
        }
        throw (Error) thrown;
      });
      warmup.startOnce();
      ExecutionException e = assertThrows(ExecutionException.class, () -> warmup.done().get(60, TimeUnit.SECONDS));
      assertSame(thrown, e.getCause());
    }
  }

  @Test
  void aWarmUpNeedsANameAndABody() {
    assertThrows(NullPointerException.class, () -> new StartupWarmup(null, () -> {}));
    assertThrows(NullPointerException.class, () -> new StartupWarmup("w", null));
  }
}
