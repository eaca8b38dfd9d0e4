package org.actorgrad.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/**
 * Binds a checkpoint header to a record (and back), validating every field once, with one line per
 * problem that names the field by its path: {@code header field position.epoch must be 0 or more,
 * found -1}, {@code header field math.lr is missing}, {@code header field data.train_count:
 * expected a whole number (32 bits), found "x"}.
 *
 * <p>Rules, the same for every record: components are named in snake_case; every component must
 * be present, except a {@code double}, which reads as NaN when absent (JSON has no NaN, so
 * {@link #toHeader} leaves non-finite numbers out); values never change type (see
 * {@link HeaderJson#MAPPER}); a field this build does not know is an error. A component marked
 * {@link MayBeAbsent} (a field added later, which older files lack) reads as null when absent, and
 * is left out when null (with {@code @JsonInclude(NON_NULL)} beside it). Ranges are checked by
 * the records' own constructors: they throw {@link Invalid} to name the component.
 */
public final class HeaderBinding {
  private static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  private HeaderBinding() {}

  /** A component's value out of range, thrown by a record's constructor. */
  public static final class Invalid extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    /**
     * @param field the component's JSON name, e.g. {@code step_in_epoch}
     * @param problem what is wrong with its value, e.g. {@code must be 0 or more, found -1}
     */
    public Invalid(String field, String problem) {
      super(field + " " + problem);
      this.field = field;
    }
  }

  /**
   * Marks a record component that older headers lack: absent, it reads as null (the record must
   * accept null there) instead of failing as missing.
   */
  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @java.lang.annotation.Target(java.lang.annotation.ElementType.RECORD_COMPONENT)
  public @interface MayBeAbsent {}

  /** The JSON name of a record component: {@code batchSize} is {@code batch_size}. */
  public static String jsonName(String component) {
    return SNAKE.translate(component);
  }

  /** The header as a record of {@code type}; throws IllegalArgumentException with one line. */
  public static <T extends Record> T fromHeader(Map<String, Object> header, Class<T> type) {
    JsonNode tree = HeaderJson.MAPPER.valueToTree(header);
    requirePresent(tree, type, "");
    try {
      return HeaderJson.MAPPER.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(describe(e, tree));
    } catch (IllegalArgumentException e) { // thrown by a constructor outside Jackson's wrapping
      throw new IllegalArgumentException("header: " + e.getMessage());
    }
  }

  /** The record as canonical header values (see {@link Checkpoint}); non-finite doubles left out. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> toHeader(Record value) {
    return Checkpoint.canonicalMap(HeaderJson.MAPPER.convertValue(value, Map.class), "header");
  }

  /** Missing components fail here with their path; absent doubles become NaN. */
  private static void requirePresent(JsonNode node, Class<?> type, String path) {
    if (!(node instanceof ObjectNode object)) {
      return; // a wrong type is reported by the binding, with the value found
    }
    for (RecordComponent c : type.getRecordComponents()) {
      String name = jsonName(c.getName());
      JsonNode value = object.get(name);
      if (value == null || value.isNull()) {
        if (c.getType() == double.class) {
          object.set(name, DoubleNode.valueOf(Double.NaN));
          continue;
        }
        if (c.isAnnotationPresent(MayBeAbsent.class)) {
          object.remove(name); // Jackson gives the component null
          continue;
        }
        throw new IllegalArgumentException("header field " + path + name + " is missing");
      }
      if (c.getType().isRecord()) {
        requirePresent(value, c.getType(), path + name + ".");
      } else if (c.getType() == List.class && value.isArray()
          && c.getGenericType() instanceof ParameterizedType p
          && p.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
        for (int i = 0; i < value.size(); i++) {
          requirePresent(value.get(i), element, path + name + "[" + i + "].");
        }
      }
    }
  }

  private static String describe(JsonProcessingException e, JsonNode tree) {
    if (!(e instanceof JsonMappingException m)) {
      return "header: " + HeaderJson.oneLine(e);
    }
    StringBuilder path = new StringBuilder();
    JsonNode at = tree;
    for (JsonMappingException.Reference r : m.getPath()) {
      if (r.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
        at = at == null ? null : at.get(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        path.append('[').append(r.getIndex()).append(']');
        at = at == null ? null : at.get(r.getIndex());
      }
    }
    if (e instanceof ValueInstantiationException v) {
      Throwable cause = v.getCause();
      if (cause instanceof Invalid invalid) {
        return "header field " + (path.length() == 0 ? "" : path + ".") + invalid.field
            + invalid.getMessage().substring(invalid.field.length());
      }
      return "header field " + (path.length() == 0 ? "" : path + " ") + "invalid: "
          + (cause == null ? v.getOriginalMessage() : cause.getMessage());
    }
    if (e instanceof UnrecognizedPropertyException) {
      return "header field " + path + " is unknown to this build (written by a newer actorgrad?)";
    }
    Class<?> target = e instanceof MismatchedInputException mi ? mi.getTargetType()
        : e.getCause() instanceof InputCoercionException ic ? ic.getTargetType() : null; // out of range
    return "header field " + path + ": expected " + expected(target) + ", found "
        + (at == null ? "nothing" : HeaderJson.compact(at));
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "another value";
    }
    if (type == int.class || type == Integer.class) {
      return "a whole number (32 bits)";
    }
    if (type == long.class || type == Long.class) {
      return "a whole number (64 bits)";
    }
    if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    return type.isRecord() || Map.class.isAssignableFrom(type) ? "an object" : "a " + type.getSimpleName();
  }
}
