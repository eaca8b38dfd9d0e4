package org.actorgrad.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;

/**
 * What Artery's {@code aeron-udp} transport (ACTORGRAD_TRANSPORT=aeron-udp, config/cluster.conf)
 * needs beyond Pekko's settings. Each node runs an embedded Aeron media driver, which sizes its
 * log buffers from Java system properties, and Aeron carries a message of at most 1/8 of a term
 * buffer and never more than 16 MiB (Aeron's {@code FrameDescriptor.computeMaxMessageLength}):
 * with Aeron's default 16 MiB terms, 2 MiB, too little for a partition's samples (a Fashion-MNIST
 * half is 23.7 MB), while every publication and image maps 3 terms in /dev/shm as sparse files
 * whose pages all get written once 3 terms of traffic have gone through (with 128 MiB terms, GiB
 * of tmpfs on a coordinator, far past Docker's 64 MB /dev/shm: SIGBUS). So a node on aeron-udp gets
 * the smallest term that carries its largest message ({@link #termLength}): on the coordinator
 * the run's (a partition's samples or a step's weights), on a worker its largest frame, unless
 * {@code -Daeron.term.buffer.length} says otherwise; and its largest frame is capped at what
 * Aeron carries, so that the coordinator's size check ({@code ClusterTraining.checkMessageSizes})
 * refuses a too-large partition up front with "use more --partitions" instead of the run stalling
 * when Aeron rejects it.
 */
final class AeronTransport {
  static final String TERM_LENGTH = "aeron.term.buffer.length";
  static final String SPARSE = "aeron.term.buffer.sparse.file";
  /** Aeron's ceiling on one message, whatever the term length. */
  static final long MAX_MESSAGE = 16L << 20;
  /** Aeron's smallest term. */
  static final long MIN_TERM = 64L << 10;
  /** The term whose 1/8 is {@link #MAX_MESSAGE}: a longer one carries nothing more. */
  static final long MAX_USEFUL_TERM = 8 * MAX_MESSAGE;
  private static final String FRAME = "pekko.remote.artery.advanced.maximum-large-frame-size";
  // The value this class last set, so that a later node in this JVM (tests, the Java API) sizes
  // its own term instead of taking it for the user's -D.
  private static String setHere;

  private AeronTransport() {}

  static boolean selected(Config node) {
    return "aeron-udp".equals(node.getString("pekko.remote.artery.transport"));
  }

  /**
   * The smallest term length, in bytes, whose message limit (term / 8, Aeron's rule) carries
   * {@code largestMessage} bytes: a power of two between {@link #MIN_TERM} (64 KiB) and
   * {@link #MAX_USEFUL_TERM} (128 MiB; Aeron caps a message at 16 MiB whatever the term, so a
   * larger message gets that and is refused by the frame check).
   *
   * @throws IllegalArgumentException if {@code largestMessage} is negative
   */
  static long termLength(long largestMessage) {
    if (largestMessage < 0) {
      throw new IllegalArgumentException("expected a message length >= 0, found " + largestMessage);
    }
    if (largestMessage > MAX_MESSAGE) {
      return MAX_USEFUL_TERM;
    }
    long term = MIN_TERM;
    while (term / 8 < largestMessage) {
      term <<= 1;
    }
    return term;
  }

  /** {@link #configure(Config, long)} for a node that does not know its largest message: its largest frame. */
  static Config configure(Config node) {
    return configure(node, node.getBytes(FRAME));
  }

  /**
   * {@code node} with its largest frame capped at Aeron's; sets the term length to
   * {@link #termLength}({@code largestMessage}) (sparse) as system properties unless the user set
   * them, before the node's media driver starts.
   *
   * @throws IllegalArgumentException if -Daeron.term.buffer.length is not a number
   */
  static synchronized Config configure(Config node, long largestMessage) {
    String given = System.getProperty(TERM_LENGTH);
    // Identity, not equality: a -D (or a test's setProperty) with the same digits is the user's.
    if (given == null || given == setHere) {
      setHere = Long.toString(termLength(Math.min(largestMessage, node.getBytes(FRAME))));
      System.setProperty(TERM_LENGTH, setHere);
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
