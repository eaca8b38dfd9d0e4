package org.actorgrad.training;

import java.util.HashMap;
import java.util.Map;
import org.actorgrad.data.Dataset;
import org.actorgrad.model.BatchStats;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.training.Protocol.Compute;
import org.actorgrad.training.Protocol.DropPartition;
import org.actorgrad.training.Protocol.Finish;
import org.actorgrad.training.Protocol.Gradient;
import org.actorgrad.training.Protocol.Setup;
import org.actorgrad.training.Protocol.TakePartition;
import org.actorgrad.training.Protocol.WorkerCommand;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Holds the samples of the partitions it owns and, for each step, returns one gradient per
 * partition (never their sum: the coordinator sums in partition order). Runs on the compute
 * dispatcher, so its message handling is the computation.
 */
public final class Worker extends AbstractBehavior<WorkerCommand> {
  private final Map<Integer, Partition> partitions = new HashMap<>();
  private GradientEngine engine;
  private int parameterCount;
  private long seed;
  private float[] x; // (maxBatch, features)
  private int[] y; // (maxBatch)
  private int[] ids; // (maxBatch)

  private record Partition(Dataset samples, int[] sampleIds) {}

  public static Behavior<WorkerCommand> create() {
    return Behaviors.setup(Worker::new);
  }

  private Worker(ActorContext<WorkerCommand> context) {
    super(context);
  }

  @Override
  public Receive<WorkerCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(Setup.class, this::onSetup)
        .onMessage(TakePartition.class, this::onTake)
        .onMessage(DropPartition.class, this::onDrop)
        .onMessage(Compute.class, this::onCompute)
        .onMessageEquals(Finish.INSTANCE, Behaviors::stopped)
        .build();
  }

  private Behavior<WorkerCommand> onSetup(Setup s) {
    Network network =
        new Network(NetworkSpec.parse(s.inputs(), s.classes(), s.layers(), s.loss()));
    engine = new GradientEngine(network, s.maxBatch());
    parameterCount = network.parameterCount();
    seed = s.seed();
    x = new float[s.maxBatch() * s.inputs()];
    y = new int[s.maxBatch()];
    ids = new int[s.maxBatch()];
    return this;
  }

  private Behavior<WorkerCommand> onTake(TakePartition t) {
    Dataset samples = Dataset.of("partition " + t.partition(), t.rows(), t.cols(), t.pixels(), t.labels());
    partitions.put(t.partition(), new Partition(samples, t.sampleIds()));
    return this;
  }

  private Behavior<WorkerCommand> onDrop(DropPartition d) {
    partitions.remove(d.partition());
    return this;
  }

  private Behavior<WorkerCommand> onCompute(Compute c) {
    if (engine == null) {
      throw new IllegalStateException("compute before setup");
    }
    for (int i = 0; i < c.partitions().length; i++) {
      int p = c.partitions()[i];
      Partition part = partitions.get(p);
      if (part == null) {
        throw new IllegalStateException("asked for partition " + p + " which this worker does not hold");
      }
      int[] positions = c.positions()[i];
      int n = positions.length;
      float[] grad = new float[parameterCount]; // a new array: it is handed over with the reply
      BatchStats stats = new BatchStats(0, 0, 0);
      long start = System.nanoTime();
      if (n > 0) {
        part.samples().fill(x, y, positions, 0, n);
        for (int k = 0; k < n; k++) {
          ids[k] = part.sampleIds()[positions[k]];
        }
        stats = engine.gradient(grad, c.params(), x, y, ids, n, seed, c.step());
      }
      c.replyTo().tell(new Gradient(c.step(), p, grad, stats.lossSum(), stats.correct(), stats.count(),
          System.nanoTime() - start));
    }
    return this;
  }
}
