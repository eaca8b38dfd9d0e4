package org.actorgrad.ui;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.actorgrad.cluster.WireTraffic;
import org.actorgrad.training.EpochMetrics;

/**
 * The run's Prometheus meters, kept by Micrometer, which also writes the text exposition served
 * at {@code /metrics}. Names as Prometheus shows them: {@code actorgrad_steps_total},
 * {@code actorgrad_samples_total}, {@code actorgrad_epochs} (finished),
 * {@code actorgrad_loss{split}} and {@code actorgrad_accuracy{split}} (last finished epoch, split
 * {@code train} or {@code validation}), {@code actorgrad_running_loss} (current epoch so far),
 * {@code actorgrad_step_seconds} (histogram of step times: from one applied step to the next),
 * {@code actorgrad_workers}, {@code actorgrad_wire_bytes_total{direction}} (serialized message
 * bytes, 0 when no message crosses a JVM) and {@code actorgrad_checkpoint_write_seconds}.
 */
public final class RunMeters {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter steps;
  private final Counter samples;
  private final Timer stepTime;
  private final Timer checkpointWrite;
  private volatile EpochMetrics last;
  private volatile double runningLoss = Double.NaN;
  private volatile WireTraffic wire;

  RunMeters(RunState state) {
    steps = Counter.builder("actorgrad.steps").description("steps applied in this session").register(registry);
    samples = Counter.builder("actorgrad.samples").description("training samples of the applied steps")
        .register(registry);
    stepTime = Timer.builder("actorgrad.step").description("time from one applied step to the next")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry);
    checkpointWrite = Timer.builder("actorgrad.checkpoint.write")
        .description("time to write one checkpoint, on the writer's thread").register(registry);
    Gauge.builder("actorgrad.epochs", state, s -> s.epochs().size()).description("epochs finished")
        .register(registry);
    Gauge.builder("actorgrad.workers", state, RunState::activeWorkers).description("workers holding partitions")
        .register(registry);
    Gauge.builder("actorgrad.running.loss", this, m -> m.runningLoss)
        .description("mean training loss over the current epoch so far").register(registry);
    Gauge.builder("actorgrad.loss", this, m -> m.last == null ? Double.NaN : m.last.loss())
        .tag("split", "train").description("last finished epoch's mean loss").register(registry);
    Gauge.builder("actorgrad.loss", this, m -> m.last == null ? Double.NaN : m.last.validationLoss())
        .tag("split", "validation").description("last finished epoch's mean loss").register(registry);
    Gauge.builder("actorgrad.accuracy", this, m -> m.last == null ? Double.NaN : m.last.trainAccuracy())
        .tag("split", "train").description("last finished epoch's accuracy").register(registry);
    Gauge.builder("actorgrad.accuracy", this, m -> m.last == null ? Double.NaN : m.last.validationAccuracy())
        .tag("split", "validation").description("last finished epoch's accuracy").register(registry);
    wireCounter("sent", w -> w.sent().values().stream().mapToLong(WireTraffic.Count::bytes).sum());
    wireCounter("received", w -> w.received().values().stream().mapToLong(WireTraffic.Count::bytes).sum());
  }

  private void wireCounter(String direction, ToLongFunction<WireTraffic> bytes) {
    FunctionCounter.builder("actorgrad.wire", this, m -> m.wire == null ? 0 : bytes.applyAsLong(m.wire))
        .baseUnit("bytes").tag("direction", direction)
        .description("bytes of serialized messages between the run's JVMs").register(registry);
  }

  /** One step applied: {@code nanos} since the previous one, {@code trainedSamples} in it. */
  void step(long nanos, long trainedSamples, double runningLoss) {
    steps.increment();
    samples.increment(trainedSamples);
    stepTime.record(nanos, TimeUnit.NANOSECONDS);
    this.runningLoss = runningLoss;
  }

  void epochDone(EpochMetrics m) {
    last = m;
  }

  void checkpointWritten(long millis) {
    checkpointWrite.record(millis, TimeUnit.MILLISECONDS);
  }

  /** Where the serializer counts its bytes, once the coordinator's actor system has one. */
  void wire(WireTraffic traffic) {
    this.wire = traffic;
  }

  /** The exposition in Prometheus' text format (version 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }
}
