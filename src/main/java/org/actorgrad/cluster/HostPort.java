package org.actorgrad.cluster;

/**
 * A node's network address as a user types it: {@code HOST:PORT}, {@code [IPv6]:PORT}, or
 * {@code HOST} alone (then the role's default port). Port 0 means "a free port".
 */
public record HostPort(String host, int port) {
  public HostPort {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("expected a host name or IP address, found an empty host");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("expected a port from 0 to 65535, found " + port);
    }
  }

  /** Parses {@code text}; {@code defaultPort} applies when it names only a host. */
  public static HostPort parse(String text, int defaultPort) {
    String t = text == null ? "" : text.trim();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("expected HOST:PORT, found nothing");
    }
    String host;
    String port = null;
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("expected [IPv6]:PORT, found '" + text + "' (no closing ])");
      }
      host = t.substring(1, close);
      if (close + 1 < t.length()) {
        if (t.charAt(close + 1) != ':') {
          throw new IllegalArgumentException("expected [IPv6]:PORT, found '" + text + "'");
        }
        port = t.substring(close + 2);
      }
    } else {
      int colon = t.lastIndexOf(':');
      if (colon >= 0 && t.indexOf(':') != colon) {
        throw new IllegalArgumentException("an IPv6 address needs brackets: [" + t + "]:PORT");
      }
      host = colon < 0 ? t : t.substring(0, colon);
      port = colon < 0 ? null : t.substring(colon + 1);
    }
    if (port == null) {
      return new HostPort(host, defaultPort);
    }
    try {
      return new HostPort(host, Integer.parseInt(port));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected HOST:PORT with a numeric port, found '" + text + "'");
    }
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
