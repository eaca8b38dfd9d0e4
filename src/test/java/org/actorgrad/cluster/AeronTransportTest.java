package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
  void theTermIsTheSmallestPowerOfTwoWhoseEighthCarriesTheLargestMessage() {
    assertEquals(64L << 10, AeronTransport.termLength(0)); // Aeron's smallest term
    assertEquals(64L << 10, AeronTransport.termLength(8L << 10)); // 64 KiB / 8 = 8 KiB exactly
    assertEquals(128L << 10, AeronTransport.termLength((8L << 10) + 1));
    // the default dense network's weights and a step's positions (~470 KB): 4 MiB, not 128
    assertEquals(4L << 20, AeronTransport.termLength(4L * 101_770 + 4 * 64 + 20 + 65_536));
    // a Fashion-MNIST quarter, 15,000 x 784 bytes + labels + ids + headroom: 16 MB needs 128 MiB
    assertEquals(128L << 20, AeronTransport.termLength(15_000L * 789 + 65_536));
    assertEquals(128L << 20, AeronTransport.termLength(16L << 20)); // Aeron's ceiling, exactly
    assertEquals(128L << 20, AeronTransport.termLength(1L << 30)); // more is refused by the frame cap
    for (long m = 1; m <= (16L << 20); m = m * 3 + 1) {
      long term = AeronTransport.termLength(m);
      assertEquals(1, Long.bitCount(term), "a power of two for " + m);
      assertTrue(term / 8 >= m && (term == 64L << 10 || term / 16 < m), "smallest for " + m + ": " + term);
    }
    assertThrows(IllegalArgumentException.class, () -> AeronTransport.termLength(-1));
  }

  @Test
  void aNodeGetsTheTermOfItsLargestMessageUnlessTheUserSetOne() {
    String before = System.getProperty(AeronTransport.TERM_LENGTH);
    try {
      System.clearProperty(AeronTransport.TERM_LENGTH);
      Config coordinator = AeronTransport.configure(node("aeron-udp"), 500_000);
      assertEquals(Long.toString(4L << 20), System.getProperty(AeronTransport.TERM_LENGTH));
      assertEquals(512L << 10, coordinator.getBytes("pekko.remote.artery.advanced.maximum-large-frame-size"));
      AeronTransport.configure(node("aeron-udp"), 2_000_000); // a later node in this JVM sizes its own
      assertEquals(Long.toString(16L << 20), System.getProperty(AeronTransport.TERM_LENGTH));
      AeronTransport.configure(node("aeron-udp")); // a worker: its largest frame, capped at Aeron's 16 MiB
      assertEquals(Long.toString(128L << 20), System.getProperty(AeronTransport.TERM_LENGTH));
      System.setProperty(AeronTransport.TERM_LENGTH, Long.toString(1L << 20)); // the user's -D
      AeronTransport.configure(node("aeron-udp"), 500_000);
      assertEquals(Long.toString(1L << 20), System.getProperty(AeronTransport.TERM_LENGTH));
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
