package org.actorgrad.training;

import java.util.List;
import org.actorgrad.data.Dataset;
import org.actorgrad.data.EpochPlan;
import org.actorgrad.data.LoadedData;
import org.actorgrad.data.Partitioning;
import org.actorgrad.data.Split;
import org.actorgrad.data.Splits;
import org.actorgrad.model.FeatureShape;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.training.Protocol.Setup;
import org.actorgrad.training.Protocol.TakePartition;

/**
 * The fixed part of a run, derived once from the configuration and the data: the network, the
 * validation split, the P partitions and their step schedule, and the messages that ship each
 * partition's samples. Everything here is a deterministic function of (config, data).
 */
public final class TrainingPlan {
  private final TrainingConfig config;
  private final Network network;
  private final Dataset validation;
  private final Dataset test;
  private final EpochPlan epochPlan;
  private final TakePartition[] shipments; // (P)
  private final Setup setup;
  private final int trainCount;
  private final String datasetName;
  private final String dataFingerprint;
  private final int fileTrainCount;
  private final List<String> classNames;
  private final org.actorgrad.data.DataOrigin dataOrigin; // null: data made in memory
  private final int[] shape; // (channels, rows, cols) of one sample
  private final String runId;

  private TrainingPlan(TrainingConfig given, LoadedData data, String runId) {
    this.runId = java.util.Objects.requireNonNull(runId, "runId");
    Dataset train = data.train();
    this.network = new Network(
        NetworkSpec.parse(new FeatureShape(train.channels(), train.rows(), train.cols()), data.classes(),
            given.layers(), given.loss()));
    this.config = withInputShape(given, network);
    Split split = Splits.split(train.count(), config.validation(), config.limit(), config.seed());
    this.validation = train.subset(split.validation(), "validation");
    this.test = data.test();
    this.trainCount = split.train().length;
    this.datasetName = train.name().replaceFirst("/train$", "");
    this.dataFingerprint = data.fingerprint();
    this.fileTrainCount = train.count();
    this.classNames = data.classNames();
    this.dataOrigin = data.origin();
    this.shape = new int[] {train.channels(), train.rows(), train.cols()};
    int[][] partitions = Partitioning.partition(split.train(), config.partitions(), config.seed());
    int[] sizes = new int[partitions.length];
    this.shipments = new TakePartition[partitions.length];
    for (int p = 0; p < partitions.length; p++) {
      sizes[p] = partitions[p].length;
      Dataset samples = train.subset(partitions[p], "partition " + p);
      // A worker needs each sample's length only: C planes of H x W ship as C * H rows of W (CHW).
      shipments[p] = new TakePartition(p, train.channels() * train.rows(), train.cols(),
          samples.pixels(), samples.labels(), partitions[p]);
    }
    this.epochPlan = new EpochPlan(sizes, config.batchSize(), config.seed());
    int maxQuota = 0;
    for (int p = 0; p < partitions.length; p++) {
      maxQuota = Math.max(maxQuota, epochPlan.quota(p));
    }
    this.setup = new Setup(
        network.spec().layersSpec(), train.features(), data.classes(), network.spec().loss().id(),
        config.seed(), maxQuota);
  }

  /**
   * A convolutional network's layers as the checkpoint must keep them: in canonical form, with the
   * input shape the data gave ({@code input:28x28x1,conv:...}), so a model file says it all.
   * A dense network's layers stay as given.
   */
  private static TrainingConfig withInputShape(TrainingConfig given, Network network) {
    if (!network.spec().layers().get(0).spatial()) {
      return given;
    }
    MathOptions m = given.math();
    MathOptions canonical = new MathOptions(network.spec().layersSpec(), m.loss(), m.optimizer(),
        m.lr(), m.schedule(), m.batchSize(), m.partitions(), m.seed(), m.validation(), m.limit());
    return new TrainingConfig(canonical, given.epochs(), given.workers(), given.threads(),
        given.stepTimeout());
  }

  public static TrainingPlan create(TrainingConfig config, LoadedData data) {
    return new TrainingPlan(config, data, "");
  }

  /**
   * A plan whose checkpoints carry {@code runId} in their header ({@code run_id}): the id of the
   * run's folder ({@code org.actorgrad.checkpoint.RunsFolder}), "" for a run without one.
   */
  public static TrainingPlan create(TrainingConfig config, LoadedData data, String runId) {
    return new TrainingPlan(config, data, runId);
  }

  /** The run's id, recorded in each checkpoint's header; "" when it has none. */
  public String runId() {
    return runId;
  }

  public TrainingConfig config() {
    return config;
  }

  public Network network() {
    return network;
  }

  public Dataset validation() {
    return validation;
  }

  public Dataset test() {
    return test;
  }

  public EpochPlan epochPlan() {
    return epochPlan;
  }

  public int partitions() {
    return shipments.length;
  }

  public int trainCount() {
    return trainCount;
  }

  /** The data set's name, as {@code --dataset} gives it. */
  public String datasetName() {
    return datasetName;
  }

  /** SHA-256 of the data set's decompressed files: its identity in checkpoints. */
  public String dataFingerprint() {
    return dataFingerprint;
  }

  /** One name per class 0..K-1, from the data set. */
  public List<String> classNames() {
    return classNames;
  }

  /** (channels, rows, cols) of one sample, stored CHW. */
  public int[] shape() {
    return shape.clone();
  }

  /** Where the data was read from (kept in checkpoints), or null for data made in memory. */
  public org.actorgrad.data.DataOrigin dataOrigin() {
    return dataOrigin;
  }

  /** Samples in the training file, before the validation split and the limit. */
  public int fileTrainCount() {
    return fileTrainCount;
  }

  /** The message that ships partition p's samples; immutable, so it is sent again on a move. */
  public TakePartition shipment(int p) {
    return shipments[p];
  }

  public Setup setup() {
    return setup;
  }
}
