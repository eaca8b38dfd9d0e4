package org.actorgrad.cluster;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks that a node can listen at its address before anything else starts: otherwise the
 * coordinator loads its data first and Pekko's TCP listener then logs a stack trace for a port
 * that is simply taken. A check, not a reservation: another process may still take the port in
 * between, and {@link Nodes#start} reports that case.
 */
public final class Ports {
  private Ports() {}

  /**
   * Throws naming {@code option} if {@code bind} cannot be listened at now: IllegalStateException
   * when another process has the port, IllegalArgumentException when it is no address of this host.
   */
  public static void requireFree(HostPort bind, String option) {
    if (bind.port() == 0) {
      return; // any free port
    }
    try (ServerSocket socket = new ServerSocket()) {
      // As Pekko's listener does: a port left in TIME_WAIT by a killed node is free to reuse.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(bind.host(), bind.port()));
    } catch (BindException e) {
      String reason = String.valueOf(e.getMessage());
      if (reason.contains("in use")) { // taken by another process: a failure (exit 1), not a command line to change
        throw new IllegalStateException(option + " " + bind + ": the port is in use (another coordinator or node"
            + " still running?); stop it or choose another port with " + option + " HOST:PORT");
      }
      throw new IllegalArgumentException(option + " " + bind + ": cannot listen there (" + reason
          + "); use an address of this host with " + option + " HOST:PORT");
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException(option + " " + bind + ": cannot listen there (" + e.getMessage()
          + "); choose another address with " + option + " HOST:PORT");
    }
  }
}
