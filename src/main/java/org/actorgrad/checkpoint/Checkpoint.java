package org.actorgrad.checkpoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a checkpoint holds: a JSON-able header and named float tensors, both insertion-ordered.
 *
 * <p>Header values are {@link String}, {@link Number}, {@link Boolean}, {@link List} or {@link Map}
 * with String keys, nested freely; no nulls. The constructor stores them in canonical form, the
 * form they have after a trip through the file, so a checkpoint equals what reading it back gives:
 * every number becomes a {@link Long} when its value is a whole number that fits a long (the JSON
 * reader cannot tell {@code 2.0} from {@code 2}), otherwise a {@link Double}; a {@link Float}
 * becomes the double its shortest decimal names ({@code 0.1f} becomes {@code 0.1}, and casting back
 * gives {@code 0.1f} again); {@code -0.0} becomes {@code 0}. NaN and infinities are rejected because
 * JSON has no spelling for them.
 *
 * <p>By convention tensor {@code "params"} holds the network parameters and optimiser state sits
 * under {@code "optim.<name>"}. The arrays are not copied: a checkpoint handed to a writer must hold
 * arrays the caller will never touch again (a snapshot).
 */
public record Checkpoint(Map<String, Object> header, Map<String, float[]> tensors) {
  /** The tensor holding the network parameters, by convention. */
  public static final String PARAMS = "params";

  public Checkpoint {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(tensors, "tensors");
    header = canonicalMap(header, "header");
    Map<String, float[]> named = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : tensors.entrySet()) {
      if (e.getKey() == null || e.getKey().isEmpty()) {
        throw new IllegalArgumentException("expected a non-empty tensor name, found " + e.getKey());
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException("expected an array for tensor '" + e.getKey() + "', found null");
      }
      named.put(e.getKey(), e.getValue());
    }
    tensors = Collections.unmodifiableMap(named);
  }

  /** The named tensor; throws if absent, naming the ones present. */
  public float[] tensor(String name) {
    float[] t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no tensor '" + name + "'; this checkpoint holds " + tensors.keySet());
    }
    return t;
  }

  public boolean has(String key) {
    return header.containsKey(key);
  }

  public String string(String key) {
    return field(key, String.class, "a string");
  }

  /** A whole number (a value written as {@code 3.0} reads as 3 too). */
  public long number(String key) {
    return field(key, Long.class, "a whole number");
  }

  /** Any number, as a double. */
  public double decimal(String key) {
    return field(key, Number.class, "a number").doubleValue();
  }

  public boolean flag(String key) {
    return field(key, Boolean.class, "true or false");
  }

  @SuppressWarnings("unchecked")
  public List<Object> list(String key) {
    return field(key, List.class, "a list");
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> map(String key) {
    return field(key, Map.class, "an object");
  }

  private <T> T field(String key, Class<T> type, String expected) {
    Object v = header.get(key);
    if (v == null) {
      throw new IllegalArgumentException("header has no field '" + key + "'; it holds " + header.keySet());
    }
    if (!type.isInstance(v)) {
      throw new IllegalArgumentException(
          "header field '" + key + "': expected " + expected + ", found " + HeaderJson.compact(v));
    }
    return type.cast(v);
  }

  /** Equal headers and, tensor by tensor, equal values as {@link Arrays#equals(float[], float[])} sees them (bit patterns; all NaNs alike). */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Checkpoint other)) {
      return false;
    }
    if (!header.equals(other.header) || !tensors.keySet().equals(other.tensors.keySet())) {
      return false;
    }
    for (Map.Entry<String, float[]> e : tensors.entrySet()) {
      if (!Arrays.equals(e.getValue(), other.tensors.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = header.hashCode();
    for (Map.Entry<String, float[]> e : tensors.entrySet()) {
      h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue()); // a sum, like Map.hashCode: order-free
    }
    return h;
  }

  /** Field names and tensor sizes, never the values: a parameter vector is too long to print. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Checkpoint[header=").append(header.keySet()).append(", tensors={");
    String sep = "";
    for (Map.Entry<String, float[]> e : tensors.entrySet()) {
      s.append(sep).append(e.getKey()).append('=').append(e.getValue().length).append(" floats");
      sep = ", ";
    }
    return s.append("}]").toString();
  }

  static Map<String, Object> canonicalMap(Map<?, ?> map, String where) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException("expected String keys in " + where + ", found " + e.getKey());
      }
      out.put(key, canonical(e.getValue(), where.isEmpty() ? key : where + "." + key));
    }
    return Collections.unmodifiableMap(out);
  }

  private static Object canonical(Object value, String where) {
    if (value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    if (value instanceof java.math.BigInteger big) { // a JSON integer beyond a long
      if (big.bitLength() < 64) {
        return big.longValue();
      }
      throw new IllegalArgumentException("expected a whole number within 64 bits at " + where + ", found one of "
          + big.abs().toString().length() + " digits");
    }
    if (value instanceof Float f) {
      // The shortest decimal of a float, read as a double, casts back to the same float.
      return canonicalDouble(Double.parseDouble(Float.toString(f)), where);
    }
    if (value instanceof Double d) {
      return canonicalDouble(d, where);
    }
    if (value instanceof Map<?, ?> m) {
      return canonicalMap(m, where);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(canonical(list.get(i), where + "[" + i + "]"));
      }
      return Collections.unmodifiableList(out);
    }
    if (value == null) {
      throw new IllegalArgumentException("expected a value at " + where + ", found null");
    }
    throw new IllegalArgumentException("expected a String, Number (byte to double), Boolean, List or Map at "
        + where + ", found " + value.getClass().getName());
  }

  private static Object canonicalDouble(double d, String where) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("expected a finite number at " + where + ", found " + d
          + " (JSON cannot hold NaN or infinity)");
    }
    // The same test the JSON reader applies: a double equal to its long conversion reads back as a long.
    long asLong = (long) d;
    return asLong == d ? (Object) asLong : (Object) d;
  }
}
