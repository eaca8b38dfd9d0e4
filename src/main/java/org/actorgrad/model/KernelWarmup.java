package org.actorgrad.model;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.actorgrad.random.SeededRandom;

/**
 * Runs a network's kernels on scratch buffers on a background thread while the run starts (the
 * actor system, the run folder), so the JIT compiles them before the first step needs them.
 *
 * <p>Why: until C2 compiles the Vector API tiles they run Java's boxed fallback (a
 * {@code FloatVector} object per operation, the {@code FloatVector.*Template} frames), 5-10 times
 * slower than compiled; a 5-epoch run's first epoch took 2-4.5 s against 0.5-0.9 s later
 * (issue 16). A core that start-up leaves idle can run that slow phase instead of the workers.
 *
 * <p>It cannot change a bit of the run: it owns every array it touches (parameters, inputs, labels,
 * gradient, its own {@link GradientEngine}), draws its numbers from its own fixed-seed
 * {@link SeededRandom} (never the run's streams), and compiled code computes what interpreted code
 * does (Java's float arithmetic is strict; the kernels' sum order does not depend on the JIT).
 */
public final class KernelWarmup implements AutoCloseable {
  /** The scratch data's seed: any value; the run's seed is never used here. */
  private static final long SCRATCH_SEED = 0x5EED_0F_C0DEL;

  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread thread;
  private volatile int steps;

  private KernelWarmup(Network network, int batch, int rounds) {
    thread = new Thread(() -> {
      try {
        run(network, batch, rounds);
      } catch (RuntimeException | OutOfMemoryError e) {
        // Only a head start is lost: the run's own first steps compile the kernels, and a fault
        // of the kernels themselves surfaces there, in the run, with its message.
      }
    }, "actorgrad-kernel-warmup");
    thread.setDaemon(true); // never keeps a finished run's JVM alive
  }

  /**
   * Starts warming up the gradient of {@code network} at {@code batch} samples a call (a
   * partition's share of a step) and its forward at the evaluator's chunk, for at most
   * {@code rounds} gradient calls; {@link #close()} stops it sooner.
   *
   * @throws IllegalArgumentException if batch or rounds is below 1
   */
  public static KernelWarmup start(Network network, int batch, int rounds) {
    if (batch < 1 || rounds < 1) {
      throw new IllegalArgumentException("batch and rounds must be at least 1, found " + batch + " and " + rounds);
    }
    KernelWarmup warmup = new KernelWarmup(network, batch, rounds);
    warmup.thread.start();
    return warmup;
  }

  /** Gradient calls done so far (for tests and diagnostics). */
  public int steps() {
    return steps;
  }

  /** Asks the warm-up to stop after its current call, without waiting (safe on an actor's thread). */
  public void stop() {
    stop.set(true);
  }

  /** Stops the warm-up after its current call and waits for it (a call takes milliseconds). */
  @Override
  public void close() {
    stop();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run(Network network, int batch, int rounds) {
    int inputs = network.spec().inputs();
    int classes = network.spec().classes();
    // The evaluator's batch (bounded by bytes: a CNN's is small): its forward is warmed up too.
    int evalBatch = Math.max(batch, GradientEngine.evaluationBatch(network));
    SeededRandom rng = new SeededRandom(SCRATCH_SEED);
    float[] params = new float[network.parameterCount()];
    for (int i = 0; i < params.length; i++) {
      params[i] = (rng.nextFloat() - 0.5f) * 0.1f; // both signs, so every activation takes both branches
    }
    float[] grad = new float[params.length];
    float[] x = new float[evalBatch * inputs]; // (evalBatch, inputs) pixels in [0, 1), as the data's
    int[] labels = new int[evalBatch]; // (evalBatch)
    int[] ids = new int[evalBatch]; // (evalBatch) sample ids for dropout masks
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextFloat();
    }
    for (int i = 0; i < evalBatch; i++) {
      labels[i] = rng.nextInt(classes);
      ids[i] = i;
    }
    GradientEngine train = new GradientEngine(network, batch);
    GradientEngine eval = new GradientEngine(network, evalBatch);
    for (int r = 0; r < rounds && !stop.get(); r++) {
      train.gradient(grad, params, x, labels, ids, batch, SCRATCH_SEED, r);
      steps = r + 1;
      if (r % 16 == 15) { // the evaluator's forward too, so its batch's branches are in the profile
        eval.evaluate(params, x, labels, evalBatch);
      }
    }
  }
}
