package org.actorgrad.data;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * Prints how long loading a data set folder takes and how much heap the result holds (not a test:
 * timings are measured, never asserted; CPU time is the steadier figure on a shared machine). Run after {@code ./mvnw test-compile}:
 * {@code java -cp target/classes:target/test-classes org.actorgrad.data.LoadMeasurement
 * /work/shared/datasets/fashion-mnist fashion-mnist}
 */
public final class LoadMeasurement {
  private LoadMeasurement() {}

  public static void main(String[] args) {
    Path folder = Path.of(args.length > 0 ? args[0] : "/work/shared/datasets/fashion-mnist");
    String name = args.length > 1 ? args[1] : "fashion-mnist";
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long baseline = usedHeapAfterGc();
    LoadedData kept = null;
    for (int run = 1; run <= 5; run++) {
      kept = null;
      long before = usedHeapAfterGc();
      long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
      long cpuBefore = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      kept = DatasetLocator.load(folder, name);
      long millis = (System.nanoTime() - start) / 1_000_000;
      long cpuMillis = (threads.getCurrentThreadCpuTime() - cpuBefore) / 1_000_000;
      long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
      long retained = usedHeapAfterGc() - before;
      System.out.printf("run %d: %d ms wall, %d ms CPU, allocated %.1f MB, retained %.1f MB (%s + %s)%n", run, millis, cpuMillis,
          allocated / 1e6, retained / 1e6, kept.train(), kept.test());
    }
    long payload = kept.train().pixels().length + kept.train().labels().length
        + kept.test().pixels().length + kept.test().labels().length;
    System.out.printf("pixels+labels %.1f MB; heap used above the JVM's baseline %.1f MB; fingerprint %s%n",
        payload / 1e6, (usedHeapAfterGc() - baseline) / 1e6, kept.fingerprint());
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
