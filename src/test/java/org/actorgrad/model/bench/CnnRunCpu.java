package org.actorgrad.model.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.actorgrad.api.TrainOptions;
import org.actorgrad.api.Training;
import org.actorgrad.training.EpochMetrics;
import org.actorgrad.training.TrainingListener;

/**
 * A whole local CNN run in this JVM (api.Training, the trainer's path: actors, coordinator,
 * checkpoints), with each epoch's CPU time split by thread group (compute threads, the coordinator's
 * dispatcher, the rest of the JVM's Java threads, and what no Java thread accounts for: GC and JIT)
 * and the bytes each group allocated, per step. Thread CPU time is robust to other processes'
 * load; the wall-clock seconds beside it are not. Run by bench/cnn-run-cpu.sh; never a test.
 *
 * <p>Arguments: [workers=1] [epochs=3] [batch=64] [limit=10000] [threads=0: the default pool].
 */
public final class CnnRunCpu {
  private static final com.sun.management.ThreadMXBean MX =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private CnnRunCpu() {}

  public static void main(String[] args) throws Exception {
    int workers = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int limit = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    String datasets = System.getenv().getOrDefault("ACTORGRAD_DATASETS", "/work/shared/datasets");
    Path dir = Files.createTempDirectory("cnn-run-cpu");
    TrainOptions options = TrainOptions.builder()
        .dataset("mnist").data(Path.of(datasets, "mnist")).limit(limit).validation(0)
        .layers("conv:32:3x3:relu,maxpool:2x2,conv:64:3x3:relu,maxpool:2x2,128:relu,10:softmax")
        .optimizer("sgd").lr(0.1f).batchSize(batch).epochs(epochs).workers(workers).threads(threads)
        .checkpointDir(dir.resolve("checkpoints")).build();
    Map<String, long[]> before = sample();
    long[] process = {OS.getProcessCpuTime()};
    System.out.printf("# %d workers, %s compute threads, batch %d, limit %d, java %s%n", workers,
        threads == 0 ? "default" : String.valueOf(threads), batch, limit,
        System.getProperty("java.version"));
    System.out.printf("%-6s %8s %8s | %-60s | %s%n", "epoch", "wall s", "steps",
        "CPU ms per step: compute / coordinator / other threads / GC+JIT+VM", "alloc KB per step by group");
    TrainingListener listener = new TrainingListener() {
      @Override
      public void epochDone(EpochMetrics m) {
        Map<String, long[]> now = sample();
        long p = OS.getProcessCpuTime();
        int steps = m.steps();
        Map<String, long[]> delta = new TreeMap<>();
        long javaCpu = 0;
        for (var e : now.entrySet()) {
          long[] b = before.getOrDefault(e.getKey(), new long[2]);
          long[] d = {e.getValue()[0] - b[0], e.getValue()[1] - b[1]};
          delta.put(e.getKey(), d);
          javaCpu += d[0];
        }
        long rest = p - process[0] - javaCpu;
        StringBuilder alloc = new StringBuilder();
        delta.forEach((k, d) -> alloc.append(String.format("%s %.0f  ", k, d[1] / 1024.0 / steps)));
        System.out.printf("%-6d %8.3f %8d | %8.2f / %6.2f / %6.2f / %6.2f %25s | %s%n", m.epoch(),
            m.seconds(), steps, ms(delta, "compute", steps), ms(delta, "coordinator", steps),
            ms(delta, "other", steps), rest / 1e6 / steps, "", alloc);
        before.clear();
        before.putAll(now);
        process[0] = p;
      }
    };
    var trained = Training.train(options, listener);
    System.out.println("weights sha256: " + trained.result().fingerprint());
  }

  private static double ms(Map<String, long[]> delta, String group, int steps) {
    long[] d = delta.get(group);
    return d == null ? 0 : d[0] / 1e6 / steps;
  }

  /** CPU ns and allocated bytes per thread group, summed over its live threads. */
  private static Map<String, long[]> sample() {
    Map<String, long[]> groups = new HashMap<>();
    for (var info : MX.getThreadInfo(MX.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long id = info.getThreadId();
      String name = info.getThreadName();
      String group = name.contains("compute-dispatcher") ? "compute"
          : name.contains("default-dispatcher") ? "coordinator" : "other";
      long cpu = MX.getThreadCpuTime(id);
      long bytes = MX.getThreadAllocatedBytes(id);
      long[] g = groups.computeIfAbsent(group, k -> new long[2]);
      g[0] += Math.max(0, cpu);
      g[1] += Math.max(0, bytes);
    }
    return groups;
  }
}
