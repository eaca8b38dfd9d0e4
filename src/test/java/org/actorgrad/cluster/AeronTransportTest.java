package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** A node on aeron-udp carries no frame larger than Aeron can (at most 16 MiB, 1/8 of a term). */
class AeronTransportTest {
  private static Config node(String transport) {
    return ConfigFactory.parseString("pekko.remote.artery.transport = " + transport
        + "\npekko.remote.artery.advanced.maximum-large-frame-size = 64 MiB");
  }

  @Test
  void onlyAeronUdpIsSelected() {
    assertTrue(AeronTransport.selected(node("aeron-udp")));
    assertFalse(AeronTransport.selected(node("tcp")));
    assertFalse(AeronTransport.selected(node("tls-tcp")));
  }

  @Test
  void theLargestFrameIsCappedAtWhatAeronCarries() {
    String before = System.getProperty(AeronTransport.TERM_LENGTH);
    try {
      System.setProperty(AeronTransport.TERM_LENGTH, Long.toString(16L << 20)); // Aeron's default term
      assertEquals(2L << 20, AeronTransport.configure(node("aeron-udp"))
          .getBytes("pekko.remote.artery.advanced.maximum-large-frame-size"));
      System.setProperty(AeronTransport.TERM_LENGTH, Long.toString(1L << 30)); // 1 GiB: Aeron's own ceiling
      assertEquals(AeronTransport.MAX_MESSAGE, AeronTransport.configure(node("aeron-udp"))
          .getBytes("pekko.remote.artery.advanced.maximum-large-frame-size"));
    } finally {
      if (before == null) {
        System.clearProperty(AeronTransport.TERM_LENGTH);
      } else {
        System.setProperty(AeronTransport.TERM_LENGTH, before);
      }
    }
  }

  @Test
  void theConfiguredNodeOnAeronUdpHasItsCap() {
    Config node = ClusterConfig.node(ClusterConfig.WORKER_ROLE, new HostPort("127.0.0.1", 0), 1,
        ConfigFactory.parseString("pekko.remote.artery.transport = aeron-udp"));
    assertTrue(ClusterConfig.maxFrame(node) <= AeronTransport.MAX_MESSAGE, "frame " + ClusterConfig.maxFrame(node));
    Config tcp = ClusterConfig.node(ClusterConfig.WORKER_ROLE, new HostPort("127.0.0.1", 0), 1, ConfigFactory.empty());
    assertEquals(64L << 20, ClusterConfig.maxFrame(tcp)); // config/cluster.conf's, untouched
  }
}
