package org.actorgrad.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;

/**
 * What Artery's {@code aeron-udp} transport (ACTORGRAD_TRANSPORT=aeron-udp, config/cluster.conf)
 * needs beyond Pekko's settings. Each node runs an embedded Aeron media driver, which sizes its
 * log buffers from Java system properties, and Aeron carries a message of at most 1/8 of a term
 * buffer and never more than 16 MiB (Aeron's {@code FrameDescriptor.computeMaxMessageLength}):
 * with Aeron's default 16 MiB terms, 2 MiB, too little for a partition's samples (a Fashion-MNIST
 * half is 23.7 MB). So a node on aeron-udp gets 128 MiB terms as sparse files (pages are only used
 * as messages touch them) unless {@code -Daeron.term.buffer.length} says otherwise, and its
 * largest frame is capped at what Aeron carries, so that the coordinator's size check
 * ({@code ClusterTraining.checkMessageSizes}) refuses a too-large partition up front with "use more
 * --partitions" instead of the run stalling when Aeron rejects it.
 */
final class AeronTransport {
  static final String TERM_LENGTH = "aeron.term.buffer.length";
  static final String SPARSE = "aeron.term.buffer.sparse.file";
  /** Aeron's ceiling on one message, whatever the term length. */
  static final long MAX_MESSAGE = 16L << 20;
  private static final long TERM = 128L << 20;
  private static final String FRAME = "pekko.remote.artery.advanced.maximum-large-frame-size";

  private AeronTransport() {}

  static boolean selected(Config node) {
    return "aeron-udp".equals(node.getString("pekko.remote.artery.transport"));
  }

  /**
   * {@code node} with its largest frame capped at Aeron's; sets the term length (128 MiB, sparse)
   * as system properties unless they are set, before the node's media driver starts.
   *
   * @throws IllegalArgumentException if -Daeron.term.buffer.length is not a number
   */
  static Config configure(Config node) {
    if (System.getProperty(TERM_LENGTH) == null) {
      System.setProperty(TERM_LENGTH, Long.toString(TERM));
      if (System.getProperty(SPARSE) == null) {
        System.setProperty(SPARSE, "true");
      }
    }
    long term;
    try {
      term = Long.parseLong(System.getProperty(TERM_LENGTH).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + TERM_LENGTH + " must be a number of bytes, got "
          + System.getProperty(TERM_LENGTH));
    }
    long aeron = Math.min(term / 8, MAX_MESSAGE);
    long frame = Math.min(node.getBytes(FRAME), aeron);
    return node.withValue(FRAME, ConfigValueFactory.fromAnyRef(frame));
  }
}
