package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.actorgrad.cluster.HostPort;
import org.junit.jupiter.api.Test;

/** {@code --ui [HOST:]PORT}: what it listens on, and one line for a wrong one, before any data is read. */
class UiOptionsTest {
  private static HostPort address(String text) {
    UiOptions o = new UiOptions();
    o.ui = text;
    return o.address();
  }

  @Test
  void aPortAloneListensOnLoopbackAndAHostIsTheUsersChoice() {
    assertEquals(new HostPort("127.0.0.1", 8080), address("8080"));
    assertEquals(new HostPort("0.0.0.0", 8080), address("0.0.0.0:8080"));
    assertEquals(new HostPort("::1", 0), address("[::1]:0"));
  }

  @Test
  void aWrongAddressIsOneLine() {
    for (String bad : new String[] {"localhost", "99999", "host:port", "1:2:3"}) {
      TrainCommandTest.Run r = TrainCommandTest.trainer("--ui", bad, "--epochs", "1");
      assertEquals(2, r.code(), bad + ": " + r.out() + r.err());
      assertTrue(r.err().startsWith("error: --ui"), bad + ": " + r.err());
      assertEquals(1, r.err().lines().count(), r.err());
    }
  }

  @Test
  void aPortInUseIsRefusedBeforeTheDataIsLoaded() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      TrainCommandTest.Run r = TrainCommandTest.trainer("--ui", "127.0.0.1:" + busy.getLocalPort(),
          "--data", "/nonexistent/data");
      assertEquals(1, r.code(), r.out() + r.err()); // in use: a failure, as a run folder in use
      assertTrue(r.err().startsWith("error: --ui 127.0.0.1:" + busy.getLocalPort() + ": the port is in use"), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
    }
  }
}
