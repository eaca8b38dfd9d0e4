package org.actorgrad.training;

import org.actorgrad.kernel.Conv2d;
import org.actorgrad.model.LayerSpec;
import org.actorgrad.model.Network;

/**
 * The options that define a run's math: with the same data, the same options give bit-identical
 * weights, whatever the worker count, thread count or timeout. This record is the one list of
 * them: the checkpoint header stores it as its {@code math} object (components in snake_case),
 * {@code --resume} refuses a command-line value that differs from it (component {@code batchSize}
 * is option {@code --batch-size}, HOCON key {@code actorgrad.training.batch-size}), and
 * {@code trainer inspect} prints it. Adding an option is adding a component here, its picocli
 * option in {@code TrainingOptions}, and its use; {@code MathOptionsTest} walks the components
 * to check the rest follows.
 *
 * @param layers hidden and output layers, e.g. {@code 128:relu,10:softmax}
 * @param loss {@code cross-entropy} or {@code mse}
 * @param optimizer sgd, momentum, nesterov, adam or rmsprop
 * @param lr base learning rate, positive and finite
 * @param schedule learning-rate schedule, e.g. {@code constant} or {@code cosine,warmup=100}
 * @param batchSize global samples per step, spread over the partitions; at least {@code partitions}
 * @param partitions P, the unit of data parallelism, at least 1
 * @param seed everything random derives from it
 * @param validation training samples held out for validation, 0 or more
 * @param limit train on the first N training samples only, 0 for all
 */
public record MathOptions(
    String layers,
    String loss,
    String optimizer,
    float lr,
    String schedule,
    int batchSize,
    int partitions,
    long seed,
    int validation,
    int limit) {

  /**
   * The revision of the math these options select: raise it whenever the same options and data
   * start giving other weights (a kernel that sums in another order, say). Checkpoints record it,
   * and {@code --resume} refuses a checkpoint of another revision. A header without it (written
   * before it existed, like the golden v1 file) is revision 1.
   *
   * <p>History: 1, the first kernels (each forward output summed in 8 lanes, then a lane tree);
   * 2, the outer-product kernels (every element of the three dense products one FMA chain in
   * increasing k, then the bias); 3, conv layers of 3x3 at stride 1 with at least 8 input
   * channels and 8 filters by Winograd's F(2x2, 3x3) ({@code kernel.Winograd}): every other
   * network computes as in revision 2 ({@link #computesAsInRevision}).
   */
  public static final int REVISION = 3;

  /**
   * True when a run of this network written by a build of math revision {@code revision} continues
   * here with the same bits: the revisions are equal, or it is revision 2 and the network has no
   * layer that revision 3 changed (no conv layer {@link Conv2d#usesWinograd}).
   */
  public static boolean computesAsInRevision(int revision, Network network) {
    if (revision == REVISION) {
      return true;
    }
    if (revision != 2) {
      return false;
    }
    for (int l = 0; l < network.spec().layers().size(); l++) {
      if (network.spec().layers().get(l).kind() == LayerSpec.Kind.CONV
          && Conv2d.usesWinograd(network.conv2dShape(l))) {
        return false;
      }
    }
    return true;
  }

  /** Throws IllegalArgumentException naming the option (as on the command line) and the value. */
  public MathOptions {
    if (!(lr > 0) || !Float.isFinite(lr)) {
      throw new IllegalArgumentException("--lr must be a positive number, got " + lr);
    }
    positive("--batch-size", batchSize);
    positive("--partitions", partitions);
    if (batchSize < partitions) {
      throw new IllegalArgumentException(
          "--batch-size " + batchSize + " is smaller than --partitions " + partitions
              + ": every partition needs at least one sample per step");
    }
    if (validation < 0 || limit < 0) {
      throw new IllegalArgumentException("--validation and --limit must be 0 or more");
    }
  }

  private static void positive(String option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, got " + value);
    }
  }
}
