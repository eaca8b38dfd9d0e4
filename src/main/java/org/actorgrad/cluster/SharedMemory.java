package org.actorgrad.cluster;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.actorgrad.training.WireMessage;

/**
 * Shared memory for a data link whose two ends run on the same host: one {@link SharedRing} each
 * way. The coordinator creates both files and offers them over the link; a worker that can map
 * them (same host, same user, same tmpfs) and finds the nonce it was sent answers yes, and from
 * then on the frames' bytes go through the rings, with only their headers on the socket. Any
 * other worker answers no and the link stays as it was: workers in other containers or on other
 * hosts see no file, so nothing changes for them. The files are removed once mapped.
 */
final class SharedMemory {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PREFIX = "actorgrad-link-";

  private SharedMemory() {}

  /** The coordinator's offer: the two ring files and the nonce written in both. */
  record Offer(String toWorker, String toCoordinator, byte[] nonce) implements WireMessage {}

  /** The worker's answer: whether it mapped both rings. */
  record Answer(boolean mapped) implements WireMessage {}

  /** The rings of one link, as one end sees them. */
  record Rings(SharedRing toWorker, SharedRing toCoordinator) {
    void unlink() {
      toWorker.unlink();
      toCoordinator.unlink();
    }
  }

  /**
   * config/cluster.conf, data-link.shared-memory: whether to offer or accept rings, where to
   * create them, and how many bytes each holds (the largest frame that goes through one).
   */
  record Settings(boolean enabled, Path directory, int ringBytes) {
    static Settings of(Config node) {
      Config c = node.getConfig("actorgrad.cluster.data-link.shared-memory");
      long bytes = c.getBytes("ring-size");
      if (bytes < 1 || bytes > Integer.MAX_VALUE - 64) {
        throw new IllegalArgumentException(
            "actorgrad.cluster.data-link.shared-memory.ring-size must be 1 byte to 2 GiB, got " + bytes);
      }
      return new Settings(c.getBoolean("enabled"), Path.of(c.getString("directory")), (int) bytes);
    }

    /** Two fresh rings and the offer naming them; the caller unlinks them once answered. */
    Created create() throws IOException {
      if (!Files.isDirectory(directory)) {
        throw new IOException("no directory " + directory);
      }
      byte[] nonce = new byte[SharedRing.NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      String name = PREFIX + HexFormat.of().formatHex(nonce, 0, 8);
      SharedRing toWorker = SharedRing.create(directory, name + "-to-worker", ringBytes, nonce);
      try {
        SharedRing toCoordinator = SharedRing.create(directory, name + "-to-coordinator", ringBytes, nonce);
        Rings rings = new Rings(toWorker, toCoordinator);
        return new Created(rings, new Offer(toWorker.file().toString(), toCoordinator.file().toString(), nonce));
      } catch (IOException | RuntimeException e) {
        toWorker.unlink();
        throw e;
      }
    }

    /**
     * The worker's side: maps both rings of an offer, or says why not. Only files of this node's
     * directory named as a coordinator names them are opened.
     */
    Rings accept(Offer offer) throws IOException {
      return new Rings(open(offer.toWorker(), offer.nonce()), open(offer.toCoordinator(), offer.nonce()));
    }

    private SharedRing open(String offered, byte[] nonce) throws IOException {
      Path file = Path.of(offered);
      if (!directory.equals(file.getParent()) || !file.getFileName().toString().startsWith(PREFIX)) {
        throw new IOException(offered + " is not a ring file in " + directory);
      }
      return SharedRing.open(file, nonce);
    }
  }

  /** What the coordinator made for one link. */
  record Created(Rings rings, Offer offer) {}

}
