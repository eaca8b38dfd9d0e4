package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
}
