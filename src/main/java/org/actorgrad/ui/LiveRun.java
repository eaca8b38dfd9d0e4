package org.actorgrad.ui;

import java.util.Map;
import org.actorgrad.checkpoint.CheckpointStore;
import org.actorgrad.cluster.HostPort;
import org.actorgrad.training.RunObserver;
import org.actorgrad.training.RunTap;
import org.actorgrad.training.TrainingListener;
import org.actorgrad.training.TrainingRun;

/**
 * A run watched live ({@code --ui}): its {@link RunState}, its {@link RunMeters} and the server of
 * the page, {@code /api/run}, {@code /api/events} and {@code /metrics}. The trainer hands the run's
 * events to {@link #listener}, {@link #observer}, {@link #tap} and {@link #checkpointSaved}.
 */
public final class LiveRun implements AutoCloseable {
  private final RunState state;
  private final RunMeters meters;
  private final LiveListener listener;
  private final LiveTap tap;
  private final LiveServer server;
  private final String host;

  private LiveRun(RunState state, RunMeters meters, LiveListener listener, LiveServer server, String host) {
    this.state = state;
    this.meters = meters;
    this.listener = listener;
    this.tap = new LiveTap(state, meters);
    this.server = server;
    this.host = host;
  }

  /**
   * Starts serving the page of {@code run} at {@code bind} (port 0: any free one).
   *
   * @param settings the run's settings as the page lists them, in order
   * @throws IllegalArgumentException when the address cannot be listened on
   */
  public static LiveRun open(HostPort bind, TrainingRun run, Map<String, Object> settings) {
    var plan = run.plan();
    RunState state = new RunState(settings, plan.partitions(), plan.config().epochs(),
        plan.epochPlan().stepsPerEpoch(), run.history(), System.nanoTime());
    RunMeters meters = new RunMeters(state);
    LiveServer server = LiveServer.start(bind, state, meters);
    return new LiveRun(state, meters, new LiveListener(run, state, meters), server, bind.host());
  }

  /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
  public String address() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + server.port() + "/";
  }

  public TrainingListener listener() {
    return listener;
  }

  public RunObserver observer() {
    return listener;
  }

  public RunTap tap() {
    return tap;
  }

  /** A checkpoint is on disk (called on the checkpoint writer's thread). */
  public void checkpointSaved(CheckpointStore.SaveResult saved) {
    state.checkpointSaved(saved, System.nanoTime());
    meters.checkpointWritten(saved.millis());
  }

  public RunState state() {
    return state;
  }

  public RunMeters meters() {
    return meters;
  }

  /** Stops serving. */
  @Override
  public void close() {
    server.close();
  }
}
