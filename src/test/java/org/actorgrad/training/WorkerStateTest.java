package org.actorgrad.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.actorgrad.data.Dataset;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.testing.FloatBits;
import org.actorgrad.testing.SyntheticData;
import org.actorgrad.training.Protocol.Compute;
import org.actorgrad.training.Protocol.Gradient;
import org.actorgrad.training.Protocol.Setup;
import org.actorgrad.training.Protocol.TakePartition;
import org.junit.jupiter.api.Test;

/**
 * A worker's state on its own. A worker that reuses its gradient array (a data link's, which
 * encodes each gradient before the next is computed) must answer exactly what a worker with
 * fresh arrays answers, also for a partition that has no sample in a step.
 */
class WorkerStateTest {
  private static final Dataset SAMPLES = SyntheticData.of(40, 1, 5).train();
  private static final String LAYERS = "16:relu,10:softmax";
  private static final int PARAMETERS =
      new Network(NetworkSpec.parse(64, 10, LAYERS, "cross-entropy")).parameterCount();

  @Test
  void reusingTheGradientArrayAnswersTheSameBitsAsFreshArrays() {
    // Step 0: both partitions have samples; step 1: partition 1 has none (an epoch's uneven end).
    List<int[]> fresh = run(new WorkerState(false));
    List<int[]> reused = run(new WorkerState(true));
    assertEquals(4, fresh.size());
    for (int i = 0; i < fresh.size(); i++) {
      assertArrayEquals(fresh.get(i), reused.get(i), "gradient " + i);
    }
    assertArrayEquals(new int[fresh.get(3).length], reused.get(3), "an empty partition's gradient is zero");
  }

  @Test
  void gradientArraysFromAPoolAnswerTheSameBitsAndAreReused() {
    FloatArrays pool = new FloatArrays();
    float[] stale = pool.take(PARAMETERS);
    java.util.Arrays.fill(stale, Float.NaN); // what a summed step leaves: any contents
    pool.giveBack(stale);
    List<float[]> arrays = new ArrayList<>();
    WorkerState state = new WorkerState(pool);
    List<int[]> pooled = run(state, g -> arrays.add(g.gradient()));
    List<int[]> fresh = run(new WorkerState(false), g -> {});
    for (int i = 0; i < fresh.size(); i++) {
      assertArrayEquals(fresh.get(i), pooled.get(i), "gradient " + i);
    }
    assertEquals(stale, arrays.get(0), "the array given back is taken again");
    assertEquals(4, new java.util.HashSet<>(arrays.stream().map(System::identityHashCode).toList()).size(),
        "each reply has its own array while none is given back");
  }

  @Test
  void aPartitionNotHeldIsAnError() {
    WorkerState state = new WorkerState();
    state.setup(setup());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> state.compute(
        new Compute(0, new float[PARAMETERS], new int[] {3}, new int[][] {{0}}, null, null), g -> {}));
    assertEquals("asked for partition 3 which this worker does not hold", e.getMessage());
  }

  /** The bits of each gradient as it is replied, copied at once (as encoding it would). */
  private static List<int[]> run(WorkerState state) {
    return run(state, g -> {});
  }

  private static List<int[]> run(WorkerState state, Consumer<Gradient> also) {
    state.setup(setup());
    state.take(partition(0, 0, 20));
    state.take(partition(1, 20, 40));
    float[] params = new float[PARAMETERS];
    for (int i = 0; i < params.length; i++) {
      params[i] = (float) Math.sin(i) * 0.1f;
    }
    List<int[]> replies = new ArrayList<>();
    int[] partitions = {0, 1};
    Consumer<Gradient> reply = g -> {
      replies.add(FloatBits.raw(g.gradient()));
      also.accept(g);
    };
    state.compute(new Compute(0, params, partitions, new int[][] {{0, 3, 5}, {1, 2}}, null, null), reply);
    state.compute(new Compute(1, params, partitions, new int[][] {{7, 8}, {}}, null, null), reply);
    return replies;
  }

  private static Setup setup() {
    return new Setup(LAYERS, 64, 10, "cross-entropy", 9, 8);
  }

  private static TakePartition partition(int p, int from, int to) {
    int n = to - from;
    byte[] pixels = new byte[n * 64];
    byte[] labels = new byte[n];
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(SAMPLES.pixels(), (from + i) * 64, pixels, i * 64, 64);
      labels[i] = (byte) SAMPLES.label(from + i);
      ids[i] = from + i;
    }
    return new TakePartition(p, 8, 8, pixels, labels, ids);
  }
}
