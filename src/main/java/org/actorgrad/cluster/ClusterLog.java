package org.actorgrad.cluster;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.event.Logging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pekko's logger on cluster nodes (config/cluster.conf, {@code pekko.loggers}): it prints what
 * SLF4J would at {@code actorgrad.cluster.log-level} and above (ERROR unless --verbose), and turns
 * the warnings that mean "these two nodes cannot talk" into a {@link Mismatch} on the event
 * stream, for the coordinator to tell its user. Artery drops a join addressed to another spelling
 * of the coordinator's address and said so only in a warning that loglevel ERROR hid: the
 * coordinator logged nothing while its worker waited.
 */
public final class ClusterLog extends AbstractActor {
  /**
   * Two nodes that cannot talk, as a user reads it.
   *
   * @param peer the other node's host:port, as this node saw it (a member's address, when it joins after all)
   * @param line the one line to print
   * @param key the line is said once per key: the peer, or its host where each retry comes from a new port
   */
  public record Mismatch(String peer, String line, String key) {
    /** A mismatch said once per peer. */
    public Mismatch(String peer, String line) {
      this(peer, line, peer);
    }
  }

  // Artery's InboundHandshake warning, Pekko 1.x wording.
  private static final Pattern WRONG_ADDRESS = Pattern.compile(
      "Dropping Handshake Request from \\[([^\\]]+)\\] addressed to unknown local address \\[([^\\]]+)\\]\\."
          + " Local address is \\[([^\\]]+)\\]");
  private static final Pattern ADDRESS = Pattern.compile("pekko://([^@]+)@([^#/\\]]+)");

  private final int printLevel;

  public ClusterLog() {
    var config = getContext().getSystem().settings().config();
    String level = config.hasPath("actorgrad.cluster.log-level") ? config.getString("actorgrad.cluster.log-level") : "ERROR";
    printLevel = switch (level.toUpperCase(java.util.Locale.ROOT)) {
      case "OFF" -> 0;
      case "WARNING" -> 2;
      case "INFO" -> 3;
      case "DEBUG" -> 4;
      default -> 1; // ERROR
    };
  }

  @Override
  public Receive createReceive() {
    return receiveBuilder()
        .match(Logging.InitializeLogger.class, i -> getSender().tell(Logging.loggerInitialized(), getSelf()))
        .match(Logging.LogEvent.class, this::onEvent)
        .build();
  }

  private void onEvent(Logging.LogEvent e) {
    if (e.level() <= printLevel) {
      print(e);
    }
    if (e instanceof Logging.Warning) {
      diagnose(String.valueOf(e.message())).ifPresent(m -> getContext().getSystem().eventStream().publish(m));
    }
  }

  /** The mismatch a warning of Pekko's reports, if it is one this knows. */
  static Optional<Mismatch> diagnose(String warning) {
    Matcher m = WRONG_ADDRESS.matcher(warning);
    if (!m.find()) {
      return Optional.empty();
    }
    Matcher from = ADDRESS.matcher(m.group(1));
    Matcher to = ADDRESS.matcher(m.group(2));
    Matcher local = ADDRESS.matcher(m.group(3));
    if (!from.find() || !to.find() || !local.find()) {
      return Optional.empty();
    }
    String as = to.group(1).equals(local.group(1)) ? to.group(2) : m.group(2);
    return Optional.of(new Mismatch(from.group(2), String.format(
        "a node at %s tries to join this coordinator as %s, but the coordinator is %s: start it with --join %s",
        from.group(2), as, local.group(2), local.group(2))));
  }

  private static void print(Logging.LogEvent e) {
    Logger log = LoggerFactory.getLogger(e.logClass() == null ? ClusterLog.class : e.logClass());
    String text = e.logSource() + " - " + e.message();
    switch (e.level()) {
      case 1 -> {
        Throwable cause = e instanceof Logging.Error error ? error.cause() : null;
        // Pekko marks "no cause" with a placeholder Throwable of its own.
        log.error(text, cause == null || cause.getClass().getName().contains("NoCause") ? null : cause);
      }
      case 2 -> log.warn(text);
      case 3 -> log.info(text);
      default -> log.debug(text);
    }
  }
}
