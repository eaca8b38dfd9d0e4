package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The spellings of one address a worker joins through: the given one first, never another address. */
class JoinAddressesTest {
  @Test
  void loopbackIsTriedAsLocalhostAnd127001WhicheverWasGiven() {
    List<String> fromName = JoinAddresses.spellings("localhost");
    assertEquals("localhost", fromName.get(0));
    assertTrue(fromName.contains("127.0.0.1"), fromName.toString());
    List<String> fromIp = JoinAddresses.spellings("127.0.0.1");
    assertEquals("127.0.0.1", fromIp.get(0));
    assertTrue(fromIp.contains("localhost"), fromIp.toString());
  }

  @Test
  void aHostThatDoesNotResolveIsTriedAsGivenOnly() {
    assertEquals(List.of("no-such-host.invalid"), JoinAddresses.spellings("no-such-host.invalid"));
  }

  @Test
  void anotherAddressIsNeverAdded() {
    List<String> spellings = JoinAddresses.spellings("10.1.2.3");
    assertEquals("10.1.2.3", spellings.get(0));
    assertTrue(spellings.stream().noneMatch(h -> h.equals("localhost") || h.equals("127.0.0.1")), spellings.toString());
  }

  /**
   * A resolver that never answers (an unreachable DNS server) used to hold the worker's start for
   * as long as the lookups took, with no overall bound; now every lookup shares one deadline and
   * the host as given is still tried.
   */
  @Test
  void aResolverThatNeverAnswersCannotHoldTheStart() {
    CountDownLatch never = new CountDownLatch(1);
    JoinAddresses.Resolver hanging = new JoinAddresses.Resolver() {
      @Override
      public InetAddress[] addresses(String host) throws UnknownHostException {
        await(never);
        throw new UnknownHostException(host);
      }

      @Override
      public String name(InetAddress address) {
        await(never);
        return address.getHostAddress();
      }
    };
    List<String> spellings = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> JoinAddresses.spellings("coordinator.example", hanging, Duration.ofMillis(300)));
    assertEquals(List.of("coordinator.example"), spellings);

    // Addresses known, names never: the addresses are kept, the names left out.
    JoinAddresses.Resolver namesHang = new JoinAddresses.Resolver() {
      @Override
      public InetAddress[] addresses(String host) throws UnknownHostException {
        return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {10, 1, 2, 3}),
            InetAddress.getByAddress(host, new byte[] {10, 1, 2, 4})};
      }

      @Override
      public String name(InetAddress address) {
        await(never);
        return "never.example";
      }
    };
    spellings = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> JoinAddresses.spellings("coordinator.example", namesHang, Duration.ofMillis(300)));
    assertEquals(List.of("coordinator.example", "10.1.2.3", "10.1.2.4"), spellings);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
