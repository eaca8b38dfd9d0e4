package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.event.Logging;
import org.apache.pekko.event.LoggingAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The coordinator's reading of Pekko's TCP-stage debug lines (captured from Pekko 1.7 nodes on
 * 127.0.0.1) as TLS on one end only, and that those lines reach it whatever the log level.
 */
class TlsMismatchTest {
  private static final String TLS_AT_PLAIN = "Aborting connection from 127.0.0.1:58668 because of downstream failure: "
      + "org.apache.pekko.stream.scaladsl.Framing$FramingException: Stream didn't start with expected magic bytes, "
      + "got [16 03 03 01 3c 01 00 01 38 03] Connection is rejected. Probably invalid accidental access.";
  private static final String ENDED_AT_TLS =
      "Closing connection from 127.0.0.1:60924 because downstream cancelled stream without failure";

  @Test
  void aTlsRecordAtAPlainCoordinatorIsATlsPeer() {
    assertEquals(Optional.of(new ClusterLog.Mismatch("127.0.0.1:58668", "a node at 127.0.0.1:58668 tried to join "
        + "with TLS; this coordinator does not use TLS (actorgrad.cluster.tls, config/cluster.conf): turn TLS off "
        + "there or on here", "127.0.0.1")), TlsMismatch.diagnose(TLS_AT_PLAIN, false));
    // Other bytes than a TLS record (an HTTP request, say) are not a TLS peer.
    assertEquals(Optional.empty(), TlsMismatch.diagnose(TLS_AT_PLAIN.replace("[16 03", "[47 45"), false));
    // A closed connection is nothing on a plain coordinator; a framing error is impossible on a TLS one.
    assertEquals(Optional.empty(), TlsMismatch.diagnose(ENDED_AT_TLS, false));
    assertEquals(Optional.empty(), TlsMismatch.diagnose(TLS_AT_PLAIN, true));
  }

  @Test
  void aConnectionEndedByTheTlsStageAtATlsCoordinatorNamesBothCauses() {
    assertEquals(Optional.of(new ClusterLog.Mismatch("127.0.0.1:60924", "a node at 127.0.0.1:60924 could not "
        + "complete the TLS handshake with this coordinator: it has TLS off, or a certificate this coordinator's "
        + "trust store does not hold; this coordinator requires TLS (actorgrad.cluster.tls, config/cluster.conf)",
        "127.0.0.1")), TlsMismatch.diagnose(ENDED_AT_TLS, true));
    assertEquals(Optional.empty(), TlsMismatch.diagnose("Closing connection from 127.0.0.1:60924 because upstream "
        + "finished", true));
  }

  @Test
  void theTcpStagesDebugLinesPassAtTheDefaultLevelAndNothingElseDoes() throws Exception {
    ActorSystem<Void> node = node(new LinkedBlockingQueue<>(), Duration.ofSeconds(1), false);
    try {
      LoggingAdapter tcp = Logging.getLogger(node.classicSystem(), Class.forName(TlsMismatch.LOG_CLASS));
      LoggingAdapter other = Logging.getLogger(node.classicSystem(), TlsMismatchTest.class);
      assertFalse(node.settings().config().getString("pekko.loglevel").equals("DEBUG"));
      assertTrue(tcp.isDebugEnabled());
      assertFalse(other.isDebugEnabled());
    } finally {
      stop(node);
    }
  }

  /**
   * A node that retries from new ports is told once, and the coordinator's own connection to a
   * member (the TCP stage's line reads the same when it closes) never.
   */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aPeerIsToldOnceAndAMembersConnectionNever() throws Exception {
    BlockingQueue<String> notes = new LinkedBlockingQueue<>();
    ActorSystem<Void> node = node(notes, Duration.ofMillis(300), true);
    try {
      CompletableFuture<Void> up = new CompletableFuture<>();
      org.apache.pekko.cluster.Cluster classic = org.apache.pekko.cluster.Cluster.get(node.classicSystem());
      classic.registerOnMemberUp(() -> up.complete(null));
      classic.join(classic.selfAddress());
      up.get(60, TimeUnit.SECONDS);
      String self = WorkerNode.hostPort(classic.selfAddress());

      LoggingAdapter tcp = Logging.getLogger(node.classicSystem(), Class.forName(TlsMismatch.LOG_CLASS));
      // The reader subscribes to the event stream asynchronously: on a loaded machine its
      // subscription can take effect after the node is up, so the lines are said until one is
      // heard (a host is told once however often its connections close).
      String told = null;
      for (int round = 0; told == null && round < 300; round++) {
        tcp.debug(closed(self));
        for (String peer : List.of("127.0.0.1:40001", "127.0.0.1:40002", "127.0.0.1:40003")) {
          tcp.debug(closed(peer));
        }
        told = notes.poll(200, TimeUnit.MILLISECONDS);
      }
      assertEquals(line("127.0.0.1:40001"), told);
      tcp.debug(closed("127.0.0.1:40004"));
      tcp.debug(closed("10.9.9.9:40005")); // another host: said, and after anything said of 40004
      assertEquals(line("10.9.9.9:40005"), notes.poll(60, TimeUnit.SECONDS));
      assertEquals(List.of(), List.copyOf(notes));
    } finally {
      stop(node);
    }
  }

  private static String closed(String peer) {
    return "Closing connection from " + peer + " because downstream cancelled stream without failure";
  }

  private static String line(String peer) {
    return TlsMismatch.diagnose(closed(peer), true).orElseThrow().line();
  }

  private static ActorSystem<Void> node(Collection<String> notes, Duration grace, boolean tls) {
    HostPort address = new HostPort("127.0.0.1", 0);
    return Nodes.start(Behaviors.setup(context -> {
      context.spawn(JoinMismatches.create(notes::add, grace, tls), "join-mismatches");
      return Behaviors.empty();
    }), ClusterConfig.node(ClusterConfig.COORDINATOR_ROLE, address, 1, ConfigFactory.empty()), address);
  }

  private static void stop(ActorSystem<Void> node) throws Exception {
    node.terminate();
    node.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
