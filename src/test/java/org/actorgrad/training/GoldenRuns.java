package org.actorgrad.training;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.actorgrad.data.LoadedData;
import org.actorgrad.kernel.Dense;
import org.actorgrad.testing.SyntheticData;

/**
 * Tiny fixed runs on synthetic data whose weights fingerprints are written down as literals in
 * {@link GoldenFingerprintTest}: any change of the math (a kernel's summation order, an optimiser's
 * formula, the shuffle, the initialiser) changes one of them, so it can only happen as a deliberate,
 * visible edit of the literals together with {@code MathRevision}.
 *
 * <p>The cases cover odd layer widths (the kernels' 8-lane and register-tile tails), every
 * optimiser, both losses, dropout, a schedule, and a small CNN (conv with same padding, stride
 * and dropout, max pooling). {@link #main} prints {@code path name sha256}
 * lines, so a child JVM on the scalar path can be compared with the vector path.
 */
public final class GoldenRuns {
  private static final LoadedData DATA = SyntheticData.of(300, 60, 17);

  private GoldenRuns() {}

  /** Case name to its configuration; 2 epochs of 25 steps each, 2 workers over 3 partitions. */
  static Map<String, TrainingConfig> cases() {
    Map<String, TrainingConfig> cases = new LinkedHashMap<>();
    cases.put("sgd-relu", config("16:relu,10:softmax", "cross-entropy", "sgd", 0.1f, "constant"));
    cases.put("momentum-odd-widths", config("13:tanh,11:leaky_relu,10:softmax", "cross-entropy", "momentum", 0.05f, "step:gamma=0.5,every=20"));
    cases.put("nesterov-dropout", config("37:relu:dropout=0.25,10:softmax", "cross-entropy", "nesterov", 0.05f, "constant"));
    cases.put("adam-cosine", config("9:sigmoid,10:softmax", "cross-entropy", "adam", 0.01f, "cosine,warmup=5"));
    cases.put("rmsprop-mse", config("21:linear,10:sigmoid", "mse", "rmsprop", 0.005f, "constant"));
    cases.put("cnn-momentum", config(ExactnessTest.CNN, "cross-entropy", "momentum", 0.05f, "constant"));
    // Valid stride-1 convs with ReLU under max pools, the second with dx, an overlapping pool and a
    // pool that drops a row and a column (8x8 -> 6x6 -> 5x5 -> 3x3 -> 1x1): the engine's fused paths.
    cases.put("cnn-relu-pools", config("conv:4:3x3:relu,maxpool:2x2:stride=1,conv:6:3x3:relu,maxpool:2x2,12:relu,10:softmax",
        "cross-entropy", "sgd", 0.1f, "constant"));
    // Winograd's layers (math revision 3): one with same padding and tanh (8 channels, 6x6 -> 6x6,
    // with dx), one under a pool over its ReLU (9 channels, 6x6 -> 4x4, with dx).
    cases.put("cnn-winograd", config("conv:8:3x3:relu,conv:9:3x3:tanh:padding=same,conv:10:3x3:relu,maxpool:2x2,"
        + "10:softmax", "cross-entropy", "momentum", 0.05f, "constant"));
    return cases;
  }

  private static TrainingConfig config(String layers, String loss, String optimizer, float lr, String schedule) {
    return new TrainingConfig(new MathOptions(layers, loss, optimizer, lr, schedule, 24, 3, 5, 0, 0),
        2, 2, 2, Duration.ofSeconds(30));
  }

  /** Trains one case through the real actors and returns its weights fingerprint. */
  static String fingerprint(TrainingConfig config) {
    TrainingPlan plan = TrainingPlan.create(config, DATA);
    TrainingResult result = LocalTraining.run(TrainingRun.start(plan), TrainingListener.NONE, RunObserver.NONE,
        Worker::create, ConfigFactory.empty());
    return result.fingerprint();
  }

  /** Prints one line per case: the kernel path, the case name and its fingerprint. */
  public static void main(String[] args) {
    for (var c : cases().entrySet()) {
      System.out.println(Dense.path() + " " + c.getKey() + " " + fingerprint(c.getValue()));
    }
    System.exit(0);
  }
}
