package org.actorgrad.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The spellings of one coordinator address that a worker tries at once. Artery accepts a message
 * only when it is addressed to the exact host name the receiving node was started with, so a
 * worker joining {@code localhost:2552} a coordinator bound to {@code 127.0.0.1:2552} (or the
 * reverse, or a host name and its IP address) was ignored and waited out its whole join timeout.
 * The worker now joins through every spelling of the same address it can derive (Pekko's
 * JoinSeedNodes takes the first that answers); spellings of another address are never added.
 */
final class JoinAddresses {
  /** How long a reverse lookup (an IP address to its host name) may take: DNS may be slow or absent. */
  private static final long LOOKUP_MS = 2_000;

  private JoinAddresses() {}

  /**
   * The host as given first, then the IP addresses it resolves to, their host names, and for a
   * loopback address {@code localhost} and {@code 127.0.0.1}; no duplicates. A host that does not
   * resolve is tried as given only.
   */
  static List<String> spellings(String host) {
    Set<String> hosts = new LinkedHashSet<>();
    hosts.add(host);
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException | SecurityException e) {
      return List.of(host);
    }
    for (InetAddress a : addresses) {
      if (a.isLoopbackAddress()) {
        hosts.add("localhost");
        hosts.add("127.0.0.1");
      }
      hosts.add(a.getHostAddress());
      String name = reverseLookup(a);
      if (name != null) {
        hosts.add(name.toLowerCase(Locale.ROOT));
      }
    }
    return new ArrayList<>(hosts);
  }

  /** The address's host name, or null when the lookup fails, finds none, or takes too long. */
  private static String reverseLookup(InetAddress address) {
    try {
      String name = CompletableFuture.supplyAsync(address::getCanonicalHostName).get(LOOKUP_MS, TimeUnit.MILLISECONDS);
      return name.equals(address.getHostAddress()) ? null : name;
    } catch (Exception e) {
      return null;
    }
  }
}
