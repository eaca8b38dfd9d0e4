package org.actorgrad.training;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * The messages between the coordinator and its workers. Shared by both actors, so it has its own
 * file. Arrays inside these records are handed over: a sender never touches an array after
 * sending it, because local actors share references.
 */
public final class Protocol {
  private Protocol() {}

  /** What a worker understands. */
  public sealed interface WorkerCommand extends WireMessage
      permits Setup, TakePartition, DropPartition, Compute, Finish, OpenLink {}

  /** What the coordinator understands from its workers (plus its private messages). */
  public interface CoordinatorCommand {}

  /**
   * The network and seed a worker computes with, sent once before any partition. A remote worker
   * starts knowing nothing else; {@code maxBatch} sizes its scratch buffers once.
   */
  public record Setup(
      String layers, int inputs, int classes, String loss, long seed, int maxBatch)
      implements WorkerCommand {}

  /**
   * The samples of one partition, shipped once when the partition is assigned to the worker.
   * {@code sampleIds} are the samples' indices in the training file: dropout masks derive from
   * them, so a sample gets the same mask whichever worker computes it.
   */
  public record TakePartition(
      int partition, int rows, int cols, byte[] pixels, byte[] labels, int[] sampleIds)
      implements WorkerCommand {}

  /** The partition moved to another worker (a worker joined): free its samples. */
  public record DropPartition(int partition) implements WorkerCommand {}

  /**
   * Compute, for global step {@code step}, one gradient per listed partition, over the samples at
   * {@code positions[i]} (indices into partition {@code partitions[i]}'s samples). {@code worker}
   * is the addressee as the coordinator knows it (for a remote worker on a data link, its
   * stand-in); every {@link Gradient} answering this Compute carries it back, so the coordinator
   * can check that the answer comes from the worker it asked.
   */
  public record Compute(
      long step,
      float[] params,
      int[] partitions,
      int[][] positions,
      ActorRef<WorkerCommand> worker,
      ActorRef<CoordinatorCommand> replyTo)
      implements WorkerCommand {}

  /**
   * A coordinator's invitation to a remote worker: connect to {@code host:port} and present
   * {@code token}; from then on the coordinator sends its commands, and the worker its gradients,
   * over that connection instead of through the cluster transport (see cluster.WorkerLink). A
   * worker in the coordinator's JVM never receives it.
   */
  public record OpenLink(String host, int port, byte[] token) implements WorkerCommand {}

  /** The run is over: a remote worker's JVM may exit. */
  public enum Finish implements WorkerCommand {
    INSTANCE
  }

  /**
   * One partition's gradient for one step: the gradient of the loss SUMMED over its samples, with
   * the loss sum, correct count and sample count. A pure function of (step, partition, params), so
   * the coordinator may take it from whichever worker answers first. {@code computeNanos}: the time
   * the worker spent computing it, so the step's overhead (all the rest) can be measured.
   * {@code worker}: the {@link Compute#worker} it answers. The coordinator checks the rest against
   * what it asked (see {@link Membership#answered}): {@code gradient} has one value per parameter,
   * {@code count} is the partition's sample count at that step in the epoch plan.
   */
  public record Gradient(
      long step, int partition, float[] gradient, double lossSum, int correct, int count,
      long computeNanos, ActorRef<WorkerCommand> worker)
      implements CoordinatorCommand, WireMessage {}

  /** A worker announces itself to a coordinator (remote workers; local ones are spawned). */
  public record Register(ActorRef<WorkerCommand> worker) implements CoordinatorCommand, WireMessage {}
}
