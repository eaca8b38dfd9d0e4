package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class HostPortTest {
  @Test
  void parsesWhatUsersType() {
    assertEquals(new HostPort("127.0.0.1", 2552), HostPort.parse("127.0.0.1:2552", 0));
    assertEquals(new HostPort("coordinator", 7000), HostPort.parse(" coordinator:7000 ", 0));
    assertEquals(new HostPort("10.0.0.5", 2552), HostPort.parse("10.0.0.5", 2552));
    assertEquals(new HostPort("::1", 2552), HostPort.parse("[::1]:2552", 0));
    assertEquals("[::1]:2552", new HostPort("::1", 2552).toString());
    assertEquals("127.0.0.1:0", new HostPort("127.0.0.1", 0).toString());
  }

  @Test
  void refusesWhatIsNotAnAddress() {
    assertMessage("expected HOST:PORT, found nothing", "");
    assertMessage("expected HOST:PORT with a numeric port, found 'host:x'", "host:x");
    assertMessage("expected a port from 0 to 65535, found 70000", "host:70000");
    assertMessage("an IPv6 address needs brackets: [::1:2552]:PORT", "::1:2552");
    assertMessage("expected a host name or IP address, found an empty host", ":2552");
  }

  private static void assertMessage(String expected, String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text, 1));
    assertEquals(expected, e.getMessage());
  }

  @Test
  void aNodeConfigurationCarriesItsAddressRoleAndTheWireFormat() {
    Config c = ClusterConfig.node(ClusterConfig.WORKER_ROLE, new HostPort("127.0.0.1", 0), 3, ConfigFactory.empty());
    assertEquals("cluster", c.getString("pekko.actor.provider"));
    assertEquals("127.0.0.1", c.getString("pekko.remote.artery.canonical.hostname"));
    assertEquals(0, c.getInt("pekko.remote.artery.canonical.port"));
    assertEquals(java.util.List.of("worker"), c.getStringList("pekko.cluster.roles"));
    assertEquals(3, c.getInt("actorgrad.compute-dispatcher.thread-pool-executor.fixed-pool-size"));
    assertEquals("actorgrad-kryo", c.getString("pekko.actor.serialization-bindings.\"org.actorgrad.training.WireMessage\""));
    assertEquals("keep-oldest", c.getString("pekko.cluster.split-brain-resolver.active-strategy"));
    assertTrue(c.getBytes("pekko.remote.artery.advanced.maximum-large-frame-size") >= 64L << 20);
    assertThrows(IllegalArgumentException.class,
        () -> ClusterConfig.node("boss", new HostPort("127.0.0.1", 0), 1, ConfigFactory.empty()));
  }
}
