package org.actorgrad.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** Addresses of the machine the tests run on. */
public final class ThisHost {
  private ThisHost() {}

  /**
   * An IPv4 address of this host other than loopback (for a node bound to 0.0.0.0 that a worker
   * reaches by another spelling than 127.0.0.1); the test is skipped on a host without one.
   */
  public static String otherAddress() throws SocketException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
            return a.getHostAddress();
          }
        }
      }
    }
    assumeTrue(false, "this host has no IPv4 address besides loopback");
    return null;
  }
}
