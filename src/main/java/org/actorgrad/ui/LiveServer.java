package org.actorgrad.ui;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeOK;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResource;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResourceDirectory;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.pathSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeader;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.actorgrad.cluster.HostPort;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The live page's HTTP server (Pekko HTTP), on an actor system of its own so that serving never
 * takes a thread from the step loop. Routes:
 * <ul>
 *   <li>{@code /}: the page, {@code /static/...}: its script and style, all from the jar;
 *   <li>{@code /api/run}: the run's state as JSON ({@link RunState#json});
 *   <li>{@code /api/events}: the same state as Server-Sent Events, each time it changed, at most
 *       every {@link #PUSH_EVERY};
 *   <li>{@code /metrics}: {@link RunMeters} in Prometheus' text format.
 * </ul>
 */
final class LiveServer implements AutoCloseable {
  static final Duration PUSH_EVERY = Duration.ofMillis(500);
  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(20);

  private final ActorSystem<Void> system;
  private final ServerBinding binding;

  private LiveServer(ActorSystem<Void> system, ServerBinding binding) {
    this.system = system;
    this.binding = binding;
  }

  /**
   * Listens on {@code bind} (port 0: any free port, see {@link #port}).
   *
   * @throws IllegalArgumentException when the address cannot be listened on
   */
  static LiveServer start(HostPort bind, RunState state, RunMeters meters) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "actorgrad-ui", config());
    try {
      ServerBinding binding = Http.get(system).newServerAt(bind.host(), bind.port())
          .bind(routes(state, meters))
          .toCompletableFuture().get(BIND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return new LiveServer(system, binding);
    } catch (Exception e) {
      system.terminate();
      Throwable cause = e instanceof java.util.concurrent.ExecutionException || e instanceof CompletionException
          ? e.getCause() : e;
      throw new IllegalArgumentException("--ui " + bind + ": cannot serve the page there (" + cause.getMessage() + ")");
    }
  }

  private static Config config() {
    return ConfigFactory.parseString("""
            pekko.loglevel = WARNING
            pekko.stdout-loglevel = WARNING
            pekko.log-dead-letters = off
            pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            pekko.actor.provider = local
            # The page keeps its event stream open for the whole run.
            pekko.http.server.idle-timeout = infinite
            pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = 2
            """)
        .withFallback(ConfigFactory.load());
  }

  private static Route routes(RunState state, RunMeters meters) {
    return get(() -> respondWithHeader(CacheControl.create(CacheDirectives.NO_CACHE), () -> concat(
        pathSingleSlash(() -> getFromResource("ui/index.html")),
        pathPrefix("static", () -> getFromResourceDirectory("ui")),
        path(PathMatchers.segment("api").slash("run"),
            () -> complete(HttpEntities.create(ContentTypes.APPLICATION_JSON, state.json(System.nanoTime())))),
        path(PathMatchers.segment("api").slash("events"),
            () -> completeOK(events(state), EventStreamMarshalling.toEventStream())),
        path("metrics", () -> complete(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, meters.scrape()))))));
  }

  /** The state, each time it changed, at most every PUSH_EVERY; at least every 10 s (the ages move). */
  private static Source<ServerSentEvent, NotUsed> events(RunState state) {
    AtomicLong sent = new AtomicLong(-1);
    AtomicLong quiet = new AtomicLong();
    return Source.tick(Duration.ZERO, PUSH_EVERY, "tick")
        .filter(t -> {
          long v = state.version();
          if (v != sent.get() || quiet.incrementAndGet() >= 20) {
            sent.set(v);
            quiet.set(0);
            return true;
          }
          return false;
        })
        .map(t -> ServerSentEvent.create(state.json(System.nanoTime())))
        .mapMaterializedValue(ticks -> NotUsed.getInstance());
  }

  /** The port it listens on. */
  int port() {
    return binding.localAddress().getPort();
  }

  /** Stops listening and ends the open event streams. */
  @Override
  public void close() {
    binding.unbind();
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
