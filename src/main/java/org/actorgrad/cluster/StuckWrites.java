package org.actorgrad.cluster;

import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Closes a data link whose frame write stalls. The coordinator's thread writes its links' frames
 * itself (config/cluster.conf, actorgrad.step-dispatcher), so a worker that stops reading once the
 * socket buffers are full (its host gone without a word, say) would hold that thread, and the
 * run, until TCP gives up many minutes later. A write still going after the limit has its link
 * closed instead: the write fails, the link's stand-in stops, and the coordinator moves the
 * worker's partitions as for any lost worker. One daemon thread looks once a second (more
 * often for a limit under 2 s).
 */
final class StuckWrites implements AutoCloseable {
  /** The writes of one link: {@link #begin} before a frame, {@link #end} after it. */
  static final class Watch {
    private final SocketChannel channel;
    private final String name;
    private volatile long startedNanos; // when the last write began
    private volatile boolean writing; // set after startedNanos, so a looker that sees it sees that too

    private Watch(SocketChannel channel, String name) {
      this.channel = channel;
      this.name = name;
    }

    void begin() {
      startedNanos = System.nanoTime();
      writing = true;
    }

    void end() {
      writing = false;
    }
  }

  private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
  private final Duration limit;
  private final Consumer<String> notes;
  private final Thread looker;

  StuckWrites(Duration limit, Consumer<String> notes) {
    this.limit = limit;
    this.notes = notes;
    long interval = Math.max(10, Math.min(1000, limit.toMillis() / 2));
    this.looker = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(interval);
          closeStuck();
        }
      } catch (InterruptedException e) {
        // closed
      }
    }, "data-link-stuck-writes");
    looker.setDaemon(true);
    looker.start();
  }

  /** Starts watching a link's writes; {@code name} says whose link it is in the note. */
  Watch watch(SocketChannel channel, String name) {
    Watch w = new Watch(channel, name);
    watches.add(w);
    return w;
  }

  void unwatch(Watch w) {
    watches.remove(w);
  }

  private void closeStuck() {
    long now = System.nanoTime();
    for (Watch w : watches) {
      if (w.writing && now - w.startedNanos > limit.toNanos()) {
        watches.remove(w);
        String took = limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
        notes.accept("data link to worker " + w.name + ": a write did not finish within " + took
            + " (the worker stopped reading); closed it");
        DataLinkServer.closeQuietly(w.channel);
      }
    }
  }

  @Override
  public void close() {
    looker.interrupt();
  }
}
