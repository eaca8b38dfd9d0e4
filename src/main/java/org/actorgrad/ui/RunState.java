package org.actorgrad.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.actorgrad.checkpoint.CheckpointStore;
import org.actorgrad.training.EpochMetrics;
import org.actorgrad.training.TrainingResult;

/**
 * What the live page shows of a run: its settings, the finished epochs, the current epoch's
 * running loss and pace, the workers with their partitions and last gradient, the events and the
 * checkpoints. A pure state object: callers pass the time ({@code nanos}, {@link System#nanoTime}
 * units), so tests drive it without a clock or actors.
 *
 * <p>Written from several threads (the coordinator's, a worker actor's, the checkpoint writer's)
 * and read by the server, so every method holds the object's lock: writers for a few field
 * updates, the reader for one rendering, a few times a second at most.
 */
public final class RunState {
  /** Events kept for the page; older ones are dropped first. */
  static final int MAX_EVENTS = 200;
  /** Checkpoints listed (a run that checkpoints every 500 steps writes thousands); the newest stay. */
  static final int MAX_CHECKPOINTS = 100;
  /** Running-loss points kept per epoch: past it, every other point goes and the stride doubles. */
  static final int MAX_RUNNING_POINTS = 400;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final long startNanos;
  private final ObjectNode settings;
  private final String[] owners; // (partitions) the worker holding each partition's samples
  private final Map<String, Worker> workers = new LinkedHashMap<>();
  private final List<EpochMetrics> epochs = new ArrayList<>();
  private final List<double[]> running = new ArrayList<>(); // (step, mean loss so far) of this epoch
  private final Deque<String[]> events = new ArrayDeque<>(); // (seconds since start, text)
  private final List<CheckpointStore.SaveResult> checkpoints = new ArrayList<>();
  private final int totalEpochs;
  private final int stepsPerEpoch;
  private String status = "waiting for workers";
  private int epoch; // 1-based, the current one; 0 before the first
  private int stepInEpoch;
  private boolean epochStarted; // this session started an epoch (the pace is known)
  private long epochStartNanos;
  private long epochSamples;
  private long lastStepNanos;
  private int runningStride = 1;
  private TrainingResult result;
  private long version;

  private static final class Worker {
    final String name;
    final String host;
    final TreeSet<Integer> partitions = new TreeSet<>();
    boolean lost;
    boolean answered;
    long lastGradientNanos;

    Worker(String described) {
      int at = described.indexOf('@');
      this.name = at < 0 ? described : described.substring(0, at);
      this.host = at < 0 ? "this JVM" : described.substring(at + 1);
    }
  }

  /**
   * @param settings the run's settings as the page lists them, in order
   * @param partitions P, the run's partition count
   * @param epochs epochs the run will train
   * @param stepsPerEpoch steps in each epoch
   * @param history epochs finished before (a resumed run)
   */
  public RunState(Map<String, Object> settings, int partitions, int epochs, int stepsPerEpoch,
      List<EpochMetrics> history, long nanos) {
    this.startNanos = nanos;
    this.settings = JSON.valueToTree(settings);
    this.owners = new String[partitions];
    this.totalEpochs = epochs;
    this.stepsPerEpoch = stepsPerEpoch;
    this.epochs.addAll(history);
    this.epoch = history.size();
  }

  /** Bumped by every change: the server sends the page a new state only when it moved. */
  public synchronized long version() {
    return version;
  }

  synchronized void epochStarted(int epoch, long nanos) {
    status = "training";
    this.epoch = epoch;
    stepInEpoch = 0;
    epochSamples = 0;
    epochStarted = true;
    epochStartNanos = nanos;
    lastStepNanos = nanos;
    running.clear();
    runningStride = 1;
    version++;
  }

  /**
   * A step was applied.
   *
   * @param samples samples of the current epoch trained on so far
   * @param runningLoss mean loss per sample over them
   * @return nanoseconds since the previous step (or the epoch's start): the step's time
   */
  synchronized long stepDone(int stepInEpoch, long samples, double runningLoss, long nanos) {
    this.stepInEpoch = stepInEpoch;
    this.epochSamples = samples;
    if (stepInEpoch % runningStride == 0) {
      running.add(new double[] {stepInEpoch, runningLoss});
      if (running.size() >= MAX_RUNNING_POINTS) {
        for (int i = running.size() - 1; i > 0; i -= 2) {
          running.remove(i);
        }
        runningStride *= 2;
      }
    }
    long took = nanos - lastStepNanos;
    lastStepNanos = nanos;
    version++;
    return took;
  }

  synchronized void epochDone(EpochMetrics m) {
    epochs.add(m);
    version++;
  }

  /** A worker's actor in this JVM received its first command, or a remote worker registered. */
  synchronized void workerSeen(String described, long nanos) {
    boolean known = workers.containsKey(described);
    worker(described).lost = false;
    if (!known && !epochStarted) {
      // Before the first step: the listener reports only later arrivals as joined.
      event(nanos, "worker " + described + " is here");
    }
    version++;
  }

  synchronized void partitionTaken(String described, int partition) {
    if (partition < 0 || partition >= owners.length) {
      return;
    }
    if (owners[partition] != null && workers.containsKey(owners[partition])) {
      workers.get(owners[partition]).partitions.remove(partition);
    }
    owners[partition] = described;
    Worker w = worker(described);
    w.lost = false; // a worker of that name came back
    w.partitions.add(partition);
    version++;
  }

  synchronized void partitionDropped(String described, int partition) {
    worker(described).partitions.remove(partition);
    if (partition >= 0 && partition < owners.length && described.equals(owners[partition])) {
      owners[partition] = null;
    }
    version++;
  }

  /** A gradient from {@code described} reached the coordinator. */
  synchronized void gradient(String described, long nanos) {
    Worker w = worker(described);
    w.answered = true;
    w.lastGradientNanos = nanos;
  }

  synchronized void workerJoined(String described, int count, long nanos) {
    worker(described).lost = false;
    event(nanos, "worker " + described + " joined: " + count + " workers");
  }

  synchronized void workerLost(String described, String reason, int moved, long nanos) {
    Worker w = worker(described);
    w.lost = true;
    w.partitions.clear();
    event(nanos, "worker " + described + " lost (" + reason + "): " + moved + " partition(s) moved");
  }

  synchronized void checkpointSaved(CheckpointStore.SaveResult saved, long nanos) {
    checkpoints.add(saved);
    if (checkpoints.size() > MAX_CHECKPOINTS) {
      checkpoints.remove(0);
    }
    event(nanos, "checkpoint " + saved.file().getFileName() + " written in " + saved.millis() + " ms"
        + (saved.newBest() ? " (best so far)" : ""));
  }

  synchronized void finished(TrainingResult result, long nanos) {
    this.result = result;
    status = "finished";
    event(nanos, String.format(java.util.Locale.ROOT, "finished: test accuracy %.4f", result.testAccuracy()));
  }

  synchronized void failed(String reason, long nanos) {
    status = "failed";
    event(nanos, "failed: " + reason);
  }

  /** Workers now holding partitions (lost ones and those without partitions are not counted). */
  public synchronized int activeWorkers() {
    int n = 0;
    for (Worker w : workers.values()) {
      n += !w.lost && !w.partitions.isEmpty() ? 1 : 0;
    }
    return n;
  }

  /** The finished epochs, oldest first. */
  public synchronized List<EpochMetrics> epochs() {
    return List.copyOf(epochs);
  }

  private Worker worker(String described) {
    return workers.computeIfAbsent(described, Worker::new);
  }

  private void event(long nanos, String text) {
    events.addLast(new String[] {seconds(nanos), text});
    while (events.size() > MAX_EVENTS) {
      events.removeFirst();
    }
    version++;
  }

  private String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f", (nanos - startNanos) / 1e9);
  }

  /** The state as the page reads it (see src/main/resources/ui/app.js), rendered at {@code nanos}. */
  public String json(long nanos) {
    return tree(snapshot(), nanos).toString();
  }

  /** A worker's row as it stood. */
  record WorkerRow(String name, String host, String status, int[] partitions, Long lastGradientNanos) {}

  /** What a rendering reads, copied under the lock: lists of immutable values, nothing shared that changes. */
  record Snapshot(long version, String status, int epoch, int stepInEpoch, double seconds, long epochSamples,
      List<EpochMetrics> epochs, double[][] running, List<WorkerRow> workers,
      List<CheckpointStore.SaveResult> checkpoints, List<String[]> events, TrainingResult result) {}

  /**
   * Only the copy holds the lock (a few microseconds); building and writing the JSON does not, so
   * the coordinator's next step never waits for a rendering.
   */
  synchronized Snapshot snapshot() {
    List<WorkerRow> rows = new ArrayList<>(workers.size());
    for (Worker w : workers.values()) {
      rows.add(new WorkerRow(w.name, w.host, w.lost ? "lost" : w.partitions.isEmpty() ? "idle" : "active",
          w.partitions.stream().mapToInt(Integer::intValue).toArray(), w.answered ? w.lastGradientNanos : null));
    }
    // The current epoch's pace; once the run is over, the last epoch's.
    double seconds = epochStarted ? (lastStepNanos - epochStartNanos) / 1e9 : 0;
    // The running points' arrays are never changed once added: sharing them is safe.
    return new Snapshot(version, status, epoch, stepInEpoch, seconds, epochSamples, List.copyOf(epochs),
        running.toArray(new double[0][]), rows, List.copyOf(checkpoints), List.copyOf(events), result);
  }

  private ObjectNode tree(Snapshot s, long nanos) {
    ObjectNode o = JSON.createObjectNode();
    o.put("version", s.version());
    o.put("status", s.status());
    o.put("epoch", s.epoch());
    o.put("epochs", totalEpochs);
    o.put("stepInEpoch", s.stepInEpoch());
    o.put("stepsPerEpoch", stepsPerEpoch);
    o.put("epochSeconds", s.seconds());
    o.put("stepsPerSecond", s.seconds() > 0 ? s.stepInEpoch() / s.seconds() : 0);
    o.put("samplesPerSecond", s.seconds() > 0 ? s.epochSamples() / s.seconds() : 0);
    o.put("uptimeSeconds", (nanos - startNanos) / 1e9);
    o.set("settings", settings); // never changed, so shared by every tree
    ArrayNode finished = o.putArray("history");
    for (EpochMetrics m : s.epochs()) {
      ObjectNode e = finished.addObject();
      e.put("epoch", m.epoch());
      e.put("loss", m.loss());
      e.put("trainAccuracy", m.trainAccuracy());
      putFinite(e, "valLoss", m.validationLoss());
      putFinite(e, "valAccuracy", m.validationAccuracy());
      e.put("seconds", m.seconds());
      e.put("samplesPerSecond", m.samplesPerSecond());
      e.put("workers", m.workers());
    }
    ArrayNode points = o.putArray("running");
    for (double[] p : s.running()) {
      points.addArray().add((int) p[0]).add(p[1]);
    }
    ArrayNode ws = o.putArray("workers");
    for (WorkerRow w : s.workers()) {
      ObjectNode n = ws.addObject();
      n.put("name", w.name());
      n.put("host", w.host());
      n.put("status", w.status());
      ArrayNode ps = n.putArray("partitions");
      for (int p : w.partitions()) {
        ps.add(p);
      }
      if (w.lastGradientNanos() != null) {
        n.put("lastGradientSecondsAgo", Math.max(0, (nanos - w.lastGradientNanos()) / 1e9));
      } else {
        n.putNull("lastGradientSecondsAgo");
      }
    }
    ArrayNode cs = o.putArray("checkpoints");
    for (CheckpointStore.SaveResult c : s.checkpoints()) {
      ObjectNode n = cs.addObject();
      n.put("file", c.file().toString());
      n.put("bytes", c.bytes());
      n.put("millis", c.millis());
      n.put("best", c.newBest());
    }
    ArrayNode es = o.putArray("events");
    for (String[] e : s.events()) {
      es.addObject().put("at", e[0]).put("text", e[1]);
    }
    TrainingResult result = s.result();
    if (result != null) {
      ObjectNode r = o.putObject("result");
      r.put("testLoss", result.testLoss());
      r.put("testAccuracy", result.testAccuracy());
      r.put("steps", result.steps());
      r.put("weightsSha256", result.fingerprint());
    }
    return o;
  }

  private static void putFinite(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }
}
