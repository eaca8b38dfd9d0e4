package org.actorgrad.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of checkpoint headers (and of metrics.jsonl), on Jackson: one mapper, configured once.
 *
 * <p>Reading is strict because headers come from untrusted files: limits on nesting depth, string
 * and number length ({@link StreamReadConstraints}) are checked while parsing, so a hostile header
 * fails with one line instead of exhausting the stack or the heap; duplicate member names are
 * rejected; and when a header is bound to a record ({@link #MAPPER}) no value changes type on the
 * way (no {@code "3"} for 3, no {@code 3.5} for an int, no 1 for true). A whole number is accepted
 * where a decimal is expected, because the canonical form writes {@code 2.0} as {@code 2} (see
 * {@link Checkpoint}). Record members are named in snake_case and written in declaration order.
 */
public final class HeaderJson {
  /** Deeper than any header actorgrad writes (4 levels) by a wide margin. */
  public static final int MAX_DEPTH = 32;
  /** A dataset name or a layer spec is short; 1 MiB is far beyond any legitimate header string. */
  public static final int MAX_STRING_CHARS = 1 << 20;
  /** The shortest decimal of any double is under 25 characters; a longer number is hostile. */
  public static final int MAX_NUMBER_CHARS = 64;

  /** Binds headers to records: snake_case names, no type coercion, unknown fields rejected. Shared: never reconfigure it. */
  public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(MAX_DEPTH)
              .maxStringLength(MAX_STRING_CHARS)
              .maxNumberLength(MAX_NUMBER_CHARS)
              .build())
          .build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .defaultPropertyInclusion(JsonInclude.Value.construct(
          JsonInclude.Include.CUSTOM, JsonInclude.Include.ALWAYS, LeftOut.class, null))
      .withCoercionConfig(LogicalType.Textual, c -> c
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .withCoercionConfig(LogicalType.Integer, c -> c
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
      .withCoercionConfig(LogicalType.Float, c -> c
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert))
      .withCoercionConfig(LogicalType.Boolean, c -> c
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
      .build();

  /** Record members left out when written: nulls, and NaN or infinities, which JSON cannot spell. */
  static final class LeftOut {
    @Override
    public boolean equals(Object value) {
      return value == null || value instanceof Double d && !Double.isFinite(d)
          || value instanceof Float f && !Float.isFinite(f);
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }

  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};

  private HeaderJson() {}

  /**
   * Multi-line JSON of a header (canonical values, see {@link Checkpoint}), members in insertion
   * order: each object member on a line of its own, lists of plain values on one line, lists
   * holding objects one element a line. The layout is part of format 1's exact bytes (the golden
   * file), so it is laid out here; Jackson escapes the strings and spells the numbers.
   */
  public static String pretty(Map<String, Object> object) {
    StringBuilder out = new StringBuilder();
    write(out, object, 0);
    return out.append('\n').toString();
  }

  /** One-line JSON of a header value, members in insertion order: for display. */
  public static String compact(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Parses a JSON object into canonical header values, members in file order; throws
   * IllegalArgumentException with one line (what is wrong, and where) if it is malformed, too
   * deep, holds a too long string or number, a duplicate member or a null.
   */
  public static Map<String, Object> parse(String json) {
    Map<String, Object> object;
    try {
      object = MAPPER.readValue(json, OBJECT);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("expected a JSON object: " + oneLine(e), e);
    }
    if (object == null) {
      throw new IllegalArgumentException("expected a JSON object, found null");
    }
    return Checkpoint.canonicalMap(object, "");
  }

  /** Jackson's message without its multi-line source excerpt, plus where it stopped. */
  public static String oneLine(JsonProcessingException e) {
    String message = e.getOriginalMessage().replaceAll("\\s+", " ").strip();
    JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 0 ? message
        : message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  private static void write(StringBuilder out, Object value, int depth) {
    if (value instanceof Map<?, ?> map) {
      writeObject(out, map, depth);
    } else if (value instanceof List<?> list) {
      writeList(out, list, depth);
    } else if (value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean) {
      out.append(compact(value));
    } else {
      throw new IllegalArgumentException("expected a canonical header value, found " + value);
    }
  }

  private static void writeObject(StringBuilder out, Map<?, ?> map, int depth) {
    if (map.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append('{');
    String sep = "";
    for (Map.Entry<?, ?> e : map.entrySet()) {
      out.append(sep);
      newline(out, depth + 1);
      out.append(compact(e.getKey())).append(": ");
      write(out, e.getValue(), depth + 1);
      sep = ",";
    }
    newline(out, depth);
    out.append('}');
  }

  private static void writeList(StringBuilder out, List<?> list, int depth) {
    boolean multiline = list.stream().anyMatch(v -> v instanceof Map || v instanceof List);
    out.append('[');
    String sep = "";
    for (Object v : list) {
      out.append(sep);
      if (multiline) {
        newline(out, depth + 1);
      }
      write(out, v, depth + 1);
      sep = multiline ? "," : ", ";
    }
    if (multiline) {
      newline(out, depth);
    }
    out.append(']');
  }

  private static void newline(StringBuilder out, int depth) {
    out.append('\n').append("  ".repeat(depth));
  }
}
