package org.actorgrad.cluster;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Messages and bytes through the serializer, per message type and direction: what this node sent
 * to, and received from, other JVMs (local messages are not serialized). Counted where the bytes
 * are made, so the figures are exact payload sizes, without Artery's few bytes of framing.
 */
public final class WireTraffic {
  /** Totals for one message type in one direction. */
  public record Count(long messages, long bytes) {}

  // Keyed by class, named only in a snapshot: a step counts several messages, and getSimpleName
  // can be slower than the counting.
  private final Map<Class<?>, LongAdder[]> sent = new ConcurrentHashMap<>();
  private final Map<Class<?>, LongAdder[]> received = new ConcurrentHashMap<>();

  void sent(Class<?> type, int bytes) {
    add(sent, type, bytes);
  }

  void received(Class<?> type, int bytes) {
    add(received, type, bytes);
  }

  private static void add(Map<Class<?>, LongAdder[]> totals, Class<?> type, int bytes) {
    LongAdder[] t = totals.computeIfAbsent(type, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
    t[0].increment();
    t[1].add(bytes);
  }

  /** Sent totals by message type (simple class name), sorted by name. */
  public Map<String, Count> sent() {
    return snapshot(sent);
  }

  public Map<String, Count> received() {
    return snapshot(received);
  }

  private static Map<String, Count> snapshot(Map<Class<?>, LongAdder[]> totals) {
    Map<String, Count> copy = new TreeMap<>();
    totals.forEach((type, t) -> copy.put(type.getSimpleName(), new Count(t[0].sum(), t[1].sum())));
    return copy;
  }

  /** Bytes of one type sent (0 if none). */
  public long sentBytes(String type) {
    Count c = sent().get(type);
    return c == null ? 0 : c.bytes();
  }

  public long receivedBytes(String type) {
    Count c = received().get(type);
    return c == null ? 0 : c.bytes();
  }
}
