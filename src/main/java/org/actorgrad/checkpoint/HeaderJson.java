package org.actorgrad.checkpoint;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for checkpoint headers, insertion order kept, on top of Typesafe Config.
 *
 * <p>Typesafe Config parses JSON strictly but forgets the order of object members (and renders
 * them sorted). So objects are written here with every member on a line of its own, and read back
 * ordered by the line each member starts on; members sharing a line (JSON from another writer)
 * fall back to name order. Strings are escaped by Typesafe Config itself.
 */
public final class HeaderJson {
  private static final ConfigParseOptions STRICT_JSON =
      ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON).setOriginDescription("checkpoint header");
  private static final Comparator<Map.Entry<String, ConfigValue>> BY_POSITION =
      Comparator.<Map.Entry<String, ConfigValue>>comparingInt(e -> e.getValue().origin().lineNumber())
          .thenComparing(Map.Entry::getKey);

  private HeaderJson() {}

  /** Multi-line JSON of a header value (canonical form, see {@link Checkpoint}); objects one member a line. */
  public static String pretty(Map<String, Object> object) {
    StringBuilder out = new StringBuilder();
    write(out, object, 0);
    return out.append('\n').toString();
  }

  /** One-line JSON of a header value, members in insertion order: for display. */
  public static String compact(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, -1);
    return out.toString();
  }

  /** Parses a JSON object into canonical header values; throws IllegalArgumentException if malformed. */
  public static Map<String, Object> parse(String json) {
    ConfigObject root;
    try {
      root = ConfigFactory.parseString(json, STRICT_JSON).root();
    } catch (ConfigException e) {
      throw new IllegalArgumentException("expected a JSON object: " + e.getMessage(), e);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) toJava(root, "");
    return Checkpoint.canonicalMap(object, "header");
  }

  private static Object toJava(ConfigValue value, String where) {
    switch (value.valueType()) {
      case OBJECT: {
        List<Map.Entry<String, ConfigValue>> members = new ArrayList<>(((ConfigObject) value).entrySet());
        members.sort(BY_POSITION);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> m : members) {
          out.put(m.getKey(), toJava(m.getValue(), where + "." + m.getKey()));
        }
        return out;
      }
      case LIST: {
        ConfigList list = (ConfigList) value;
        List<Object> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
          out.add(toJava(list.get(i), where + "[" + i + "]"));
        }
        return out;
      }
      case NULL:
        throw new IllegalArgumentException("expected a value at " + where + ", found null");
      default:
        return value.unwrapped(); // String, Boolean, Integer, Long or Double
    }
  }

  /** depth < 0: all on one line. */
  private static void write(StringBuilder out, Object value, int depth) {
    if (value instanceof Map<?, ?> map) {
      writeObject(out, map, depth);
    } else if (value instanceof List<?> list) {
      writeList(out, list, depth);
    } else if (value instanceof String s) {
      out.append(ConfigValueFactory.fromAnyRef(s).render(ConfigRenderOptions.concise()));
    } else if (value instanceof Long || value instanceof Double || value instanceof Boolean) {
      out.append(value); // Double.toString gives valid JSON for finite values, e.g. 1.0E-5
    } else {
      throw new IllegalArgumentException("expected a canonical header value, found " + value);
    }
  }

  private static void writeObject(StringBuilder out, Map<?, ?> map, int depth) {
    if (map.isEmpty()) {
      out.append("{}");
      return;
    }
    int inner = depth < 0 ? -1 : depth + 1;
    out.append('{');
    String sep = "";
    for (Map.Entry<?, ?> e : map.entrySet()) {
      out.append(sep);
      newline(out, inner);
      write(out, e.getKey(), -1);
      out.append(depth < 0 ? ":" : ": ");
      write(out, e.getValue(), inner);
      sep = ",";
    }
    newline(out, depth);
    out.append('}');
  }

  /** Lists of plain values stay on one line; lists holding objects put each element on its own. */
  private static void writeList(StringBuilder out, List<?> list, int depth) {
    boolean multiline = depth >= 0 && list.stream().anyMatch(v -> v instanceof Map || v instanceof List);
    out.append('[');
    String sep = "";
    for (Object v : list) {
      out.append(sep);
      if (multiline) {
        newline(out, depth + 1);
      }
      write(out, v, multiline ? depth + 1 : -1);
      sep = multiline || depth < 0 ? "," : ", ";
    }
    if (multiline) {
      newline(out, depth);
    }
    out.append(']');
  }

  private static void newline(StringBuilder out, int depth) {
    if (depth >= 0) {
      out.append('\n').append("  ".repeat(depth));
    }
  }
}
