package org.actorgrad.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The spellings of one coordinator address that a worker tries at once. Artery accepts a message
 * only when it is addressed to the exact host name the receiving node was started with, so a
 * worker joining {@code localhost:2552} a coordinator bound to {@code 127.0.0.1:2552} (or the
 * reverse, or a host name and its IP address) was ignored and waited out its whole join timeout.
 * The worker now joins through every spelling of the same address it can derive (Pekko's
 * JoinSeedNodes takes the first that answers); spellings of another address are never added.
 *
 * <p>The lookups (the name to its addresses, each address back to a name) have one deadline for
 * them all, {@link #LOOKUPS}: a resolver that hangs (an unreachable DNS server takes its timeout
 * times its attempts, per lookup) cannot hold a worker's start; what is not known by then is left
 * out, and the host as given is always tried.
 */
final class JoinAddresses {
  /** How long all lookups together may take: DNS may be slow or absent. */
  static final Duration LOOKUPS = Duration.ofSeconds(5);

  /** Name resolution, replaceable in tests (one that never answers, say). */
  interface Resolver {
    /** @throws UnknownHostException when {@code host} does not resolve */
    InetAddress[] addresses(String host) throws UnknownHostException;

    /** The address's host name, or its address text when it has none. */
    String name(InetAddress address);
  }

  static final Resolver SYSTEM = new Resolver() {
    @Override
    public InetAddress[] addresses(String host) throws UnknownHostException {
      return InetAddress.getAllByName(host);
    }

    @Override
    public String name(InetAddress address) {
      return address.getCanonicalHostName();
    }
  };

  /**
   * Daemon threads, created as needed: a lookup that never returns keeps its thread, never the
   * JVM's exit, nor the common pool (one thread on a 2-core machine) from other work.
   */
  private static final Executor LOOKUP_THREADS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "join-address-lookup");
    t.setDaemon(true);
    return t;
  });

  private JoinAddresses() {}

  /**
   * The host as given first, then the IP addresses it resolves to, their host names, and for a
   * loopback address {@code localhost} and {@code 127.0.0.1}; no duplicates. A host that does not
   * resolve is tried as given only. Returns within about {@link #LOOKUPS}.
   */
  static List<String> spellings(String host) {
    return spellings(host, SYSTEM, LOOKUPS);
  }

  /** As {@link #spellings(String)}, with the resolver and the lookups' deadline given. */
  static List<String> spellings(String host, Resolver resolver, Duration budget) {
    long deadline = System.nanoTime() + budget.toNanos();
    Set<String> hosts = new LinkedHashSet<>();
    hosts.add(host);
    InetAddress[] addresses;
    try {
      addresses = await(CompletableFuture.supplyAsync(() -> {
        try {
          return resolver.addresses(host);
        } catch (UnknownHostException e) {
          return new InetAddress[0];
        }
      }, LOOKUP_THREADS), deadline);
    } catch (RuntimeException e) { // a SecurityException, say
      addresses = null;
    }
    if (addresses == null || addresses.length == 0) {
      return List.of(host);
    }
    List<CompletableFuture<String>> names = new ArrayList<>();
    for (InetAddress a : addresses) {
      // All reverse lookups at once: each may be slow, and they share the one deadline.
      names.add(CompletableFuture.supplyAsync(() -> resolver.name(a), LOOKUP_THREADS));
    }
    for (int i = 0; i < addresses.length; i++) {
      InetAddress a = addresses[i];
      if (a.isLoopbackAddress()) {
        hosts.add("localhost");
        hosts.add("127.0.0.1");
      }
      hosts.add(a.getHostAddress());
      String name;
      try {
        name = await(names.get(i), deadline);
      } catch (RuntimeException e) {
        name = null;
      }
      if (name != null && !name.equals(a.getHostAddress())) {
        hosts.add(name.toLowerCase(Locale.ROOT));
      }
    }
    return new ArrayList<>(hosts);
  }

  /** The lookup's result, or null when it failed or the deadline passed first (it is then abandoned). */
  private static <T> T await(CompletableFuture<T> lookup, long deadline) {
    try {
      return lookup.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      lookup.cancel(true);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
