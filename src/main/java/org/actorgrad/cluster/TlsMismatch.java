package org.actorgrad.cluster;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The coordinator's side of "TLS on one end only", read from the debug line Pekko's TCP stage
 * writes when a connection ends (Pekko 1.x, {@code TcpConnectionStage}; {@link ClusterLogFilter}
 * lets it through at any log level):
 *
 * <ul>
 *   <li>A plain coordinator: Artery's framing rejects a connection whose first bytes are not its
 *       magic, and names them; {@code 16 03} is a TLS handshake record (RFC 8446, 5.1: content
 *       type 22, legacy version 3.x), so the peer speaks TLS.
 *   <li>A TLS coordinator: Pekko's TLS stage drops the handshake's SSLException and only cancels
 *       the connection, which the TCP stage logs as "downstream cancelled stream without failure".
 *       A peer without TLS and a peer whose certificate the trust store does not hold end the
 *       same way, so the line names both. The TCP stage says the same of the coordinator's own
 *       outbound connections to a node that left, whose address is then a member's:
 *       {@link JoinMismatches} drops those.
 * </ul>
 *
 * The peer is the connection's address (an ephemeral port); the line is said once per host.
 */
final class TlsMismatch {
  /** The class whose debug lines are read. */
  static final String LOG_CLASS = "org.apache.pekko.stream.impl.io.TcpConnectionStage$TcpStreamLogic";

  private static final Pattern TLS_ON_PLAIN = Pattern.compile("^Aborting connection from (\\S+):(\\d+) because of "
      + "downstream failure: .*Stream didn't start with expected magic bytes, got \\[16 03 ");
  private static final Pattern ENDED_BEFORE_TLS = Pattern.compile(
      "^Closing connection from (\\S+):(\\d+) because downstream cancelled stream without failure");

  private TlsMismatch() {}

  /**
   * The mismatch a debug line of Pekko's TCP stage shows, on a coordinator with {@code tls} on or off.
   *
   * @return the peer (the connection's host:port), keyed by host, and the line for the user; empty
   *     when the line shows no mismatch
   */
  static Optional<ClusterLog.Mismatch> diagnose(String debugLine, boolean tls) {
    Matcher m = (tls ? ENDED_BEFORE_TLS : TLS_ON_PLAIN).matcher(debugLine);
    if (!m.find()) {
      return Optional.empty();
    }
    HostPort peer = new HostPort(m.group(1), Integer.parseInt(m.group(2)));
    String line = tls
        ? String.format(Locale.ROOT, "a node at %s could not complete the TLS handshake with this coordinator: "
            + "it has TLS off, or a certificate this coordinator's trust store does not hold; this coordinator "
            + "requires TLS (actorgrad.cluster.tls, config/cluster.conf)", peer)
        : String.format(Locale.ROOT, "a node at %s tried to join with TLS; this coordinator does not use TLS "
            + "(actorgrad.cluster.tls, config/cluster.conf): turn TLS off there or on here", peer);
    // The peer as WorkerNode.hostPort spells a member's address, to compare with members.
    return Optional.of(new ClusterLog.Mismatch(m.group(1) + ":" + m.group(2), line, peer.host()));
  }
}
