package org.actorgrad.ui;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.actorgrad.checkpoint.CheckpointStore;
import org.actorgrad.data.Dataset;
import org.actorgrad.data.LoadedData;
import org.actorgrad.training.EpochMetrics;
import org.actorgrad.training.MathOptions;
import org.actorgrad.training.TrainingConfig;
import org.actorgrad.training.TrainingPlan;
import org.actorgrad.training.TrainingRun;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What {@code --ui} costs: {@link #stepOnTheCoordinator} is what the coordinator's thread does for
 * the page at every step (the listener's update of the state and the meters; the taps add one
 * lock and a field per gradient); {@link #renderForThePage} is what the server's thread does per
 * push (at most every 0.5 s), with 20 epochs, a full running-loss curve and 8 workers, of which
 * {@link #renderUnderTheLock} holds the state's lock. Compare the
 * first with a step's time (a few hundred microseconds for the default network).
 * Run with the class path bench/jmh.sh builds (target/bench.classpath):
 * {@code java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main LiveStepBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class LiveStepBenchmark {
  private static final int STEPS = 1000;
  private RunState state;
  private LiveListener listener;
  private int step;

  @Setup(Level.Trial)
  public void setUp() {
    byte[] pixels = new byte[200 * 64];
    byte[] labels = new byte[200];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) (i % 10);
    }
    LoadedData data = new LoadedData(Dataset.of("train", 8, 8, pixels, labels), Dataset.of("test", 8, 8, pixels, labels),
        "bench");
    TrainingConfig config = new TrainingConfig(
        new MathOptions("16:relu,10:softmax", "cross-entropy", "sgd", 0.1f, "constant", 20, 8, 1, 20, 0),
        30, 8, 1, Duration.ofSeconds(60));
    TrainingRun run = TrainingRun.start(TrainingPlan.create(config, data));
    Map<String, Object> settings = new LinkedHashMap<>();
    for (int i = 0; i < 17; i++) {
      settings.put("setting " + i, i);
    }
    List<EpochMetrics> history = new java.util.ArrayList<>();
    for (int e = 1; e <= 20; e++) {
      history.add(new EpochMetrics(e, 1.0 / e, 0.9, 0.5, 0.88, 2.5, 24_000, 8, STEPS, 2.0));
    }
    state = new RunState(settings, 8, 30, STEPS, history, System.nanoTime());
    RunMeters meters = new RunMeters(state);
    listener = new LiveListener(run, state, meters);
    for (int p = 0; p < 8; p++) {
      state.partitionTaken("worker-" + p + "@10.0.0." + p + ":2552", p);
      state.gradient("worker-" + p + "@10.0.0." + p + ":2552", System.nanoTime());
    }
    for (int c = 0; c < 5; c++) {
      state.checkpointSaved(new CheckpointStore.SaveResult(Path.of("ckpt-" + c + ".agc"), 400_000, 20, c == 0),
          System.nanoTime());
    }
    listener.epochStarted(21);
    for (int s = 1; s <= STEPS; s++) {
      listener.stepDone(21, s, STEPS);
    }
  }

  @Benchmark
  public void stepOnTheCoordinator() {
    step = step % STEPS + 1;
    listener.stepDone(21, step, STEPS);
  }

  /** The part of a render that holds the state's lock (the coordinator may wait for it). */
  @Benchmark
  public Object renderUnderTheLock() {
    return state.snapshot();
  }

  @Benchmark
  public String renderForThePage() {
    return state.json(System.nanoTime());
  }
}
