package io.inrvo.data.inputs;

import io.inrvo.data.Cursor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jooq.JSONB;

/**
 * The hostile values tried for each parameter type, and the valid value every other parameter
 * takes meanwhile. A type without hostile values of its own gets null and its valid value, and is
 * listed by {@link #unknownTypes()}, so that a new type is noticed. Value types the walk has built
 * (with hostile content) are offered for their type as they come ({@link #offer}).
 */
final class HostileValues {

  /** One value tried, named by its input class for the report. */
  record Value(String inputClass, Supplier<Object> value) {}

  /** A 20 MB string. */
  static final String HUGE = "x".repeat(20 * 1024 * 1024);
  /** JSON arrays nested 10,000 deep. */
  static final String DEEP_ARRAYS = "[".repeat(10_000) + "]".repeat(10_000);
  /** JSON objects nested 10,000 deep. */
  static final String DEEP_OBJECTS = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);

  private final AtomicLong fresh = new AtomicLong();
  private final Map<Class<?>, List<Value>> built = new LinkedHashMap<>();
  private final Map<Class<?>, Object> baselines = new LinkedHashMap<>();
  private final List<String> unknown = new ArrayList<>();
  private final Map<String, Object> otherUsers = new LinkedHashMap<>();
  private final List<Value> cursors = new ArrayList<>();

  /** Ids and texts that name another user's rows, tried wherever their type fits. */
  void otherUsers(String label, Object value) {
    otherUsers.put(label, value);
  }

  /** Cursors tried: forged, truncated, another user's, another list's. */
  void cursor(String inputClass, Cursor cursor) {
    cursors.add(new Value(inputClass, () -> cursor));
  }

  /** A valid instance of a value type, the default of its parameters. */
  void baseline(Class<?> type, Object value) {
    baselines.put(type, value);
  }

  /**
   * A value-type instance the walk built from a hostile argument; tried where the type is a
   * parameter, under {@code inputClass} (which says what it was built from).
   */
  void offer(Class<?> type, Object value, String inputClass) {
    List<Value> list = built.computeIfAbsent(type, t -> new ArrayList<>());
    if (list.size() < 200) {
      list.add(new Value(inputClass, () -> value));
    }
  }

  /** The types that had no hostile values of their own. */
  List<String> unknownTypes() {
    return List.copyOf(unknown);
  }

  /** A fresh text that is a valid id, name or reference: unique per call, so creating never conflicts. */
  String freshText() {
    return "v-" + fresh.incrementAndGet();
  }

  /** The valid value of {@code type}: what a parameter holds while another is hostile. */
  Object valid(Type type) {
    Class<?> raw = raw(type);
    if (raw == String.class) {
      return freshText();
    } else if (raw == UUID.class) {
      return UUID.randomUUID();
    } else if (raw == int.class || raw == Integer.class) {
      return 1;
    } else if (raw == long.class || raw == Long.class) {
      return 1L;
    } else if (raw == boolean.class || raw == Boolean.class) {
      return false;
    } else if (raw == double.class) {
      return 1.0;
    } else if (raw == byte[].class) {
      return "ID3 not really audio".getBytes();
    } else if (raw == JSONB.class) {
      return JSONB.valueOf("{}");
    } else if (raw.isEnum()) {
      return raw.getEnumConstants()[0];
    } else if (raw == Optional.class) {
      return Optional.empty();
    } else if (raw == OptionalInt.class) {
      return OptionalInt.empty();
    } else if (raw == OptionalLong.class) {
      return OptionalLong.empty();
    } else if (raw == List.class) {
      return List.of();
    } else if (raw == Map.class) {
      return Map.of();
    } else if (raw == OffsetDateTime.class) {
      return OffsetDateTime.now();
    } else if (raw == Cursor.class) {
      return cursors.isEmpty() ? null : cursors.get(cursors.size() - 1).value().get();
    }
    return baselines.get(raw);
  }

  /** The hostile values of {@code type}, null first. */
  List<Value> hostile(Type type) {
    Class<?> raw = raw(type);
    List<Value> values = new ArrayList<>();
    values.add(new Value("null", () -> null));
    if (raw == String.class) {
      values.addAll(strings());
    } else if (raw == UUID.class) {
      values.add(new Value("unknown id", UUID::randomUUID));
      values.add(new Value("nil id", () -> new UUID(0, 0)));
    } else if (raw == int.class || raw == Integer.class) {
      values.remove(0);
      for (int i : new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE}) {
        values.add(new Value("size " + i, () -> i));
      }
    } else if (raw == long.class || raw == Long.class) {
      values.remove(0);
      for (long l : new long[] {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE}) {
        values.add(new Value("size " + l, () -> l));
      }
    } else if (raw == boolean.class) {
      values.remove(0);
      values.add(new Value("true", () -> true));
      values.add(new Value("false", () -> false));
    } else if (raw == byte[].class) {
      values.add(new Value("empty bytes", () -> new byte[0]));
      values.add(new Value("NUL bytes", () -> new byte[16]));
    } else if (raw == JSONB.class) {
      values.addAll(jsons());
    } else if (raw.isEnum()) {
      for (Object constant : raw.getEnumConstants()) {
        values.add(new Value("enum " + constant, () -> constant));
      }
    } else if (raw == Optional.class) {
      values.add(new Value("empty optional", Optional::empty));
      for (Value v : hostile(argument(type))) {
        if (!v.inputClass().equals("null")) {
          values.add(new Value(v.inputClass(), () -> Optional.ofNullable(v.value().get())));
        }
      }
    } else if (raw == OptionalInt.class) {
      values.add(new Value("empty optional", OptionalInt::empty));
      for (int i : new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}) {
        values.add(new Value("size " + i, () -> OptionalInt.of(i)));
      }
    } else if (raw == List.class) {
      values.add(new Value("empty list", List::of));
      values.add(new Value("list holding null", () -> Collections.singletonList(null)));
      values.add(new Value("huge list", () -> Collections.nCopies(100_000, valid(argument(type)))));
      for (Value v : hostile(argument(type))) {
        if (!v.inputClass().equals("null")) {
          values.add(new Value(v.inputClass(), () -> Arrays.asList(valid(argument(type)), v.value().get())));
        }
      }
    } else if (raw == Cursor.class) {
      values.addAll(cursors);
    } else if (raw == OffsetDateTime.class) {
      values.add(new Value("earliest time", () -> OffsetDateTime.MIN));
      values.add(new Value("latest time", () -> OffsetDateTime.MAX));
    } else if (baselines.containsKey(raw)) {
      values.add(new Value("valid " + raw.getSimpleName(), () -> baselines.get(raw)));
      values.addAll(built.getOrDefault(raw, List.of()));
    } else {
      if (raw != Object.class && !raw.getName().startsWith("java.")) {
        unknown.add(type.getTypeName());
      }
      Object valid = valid(type);
      if (valid != null) {
        values.add(new Value("valid " + raw.getSimpleName(), () -> valid));
      }
    }
    otherUsers.forEach((label, value) -> {
      if (raw.isInstance(value)) {
        values.add(new Value(label, () -> value));
      }
    });
    return values;
  }

  private static List<Value> strings() {
    return List.of(
        new Value("empty string", () -> ""),
        new Value("blank string", () -> " \t "),
        new Value("20 MB string", () -> HUGE),
        new Value("NUL", () -> "a\u0000b"),
        new Value("unpaired high surrogate", () -> "a\ud800b"),
        new Value("unpaired low surrogate", () -> "\udc00"),
        new Value("SQL metacharacters", () -> "x'); delete from public.users; --"),
        new Value("JSON metacharacters", () -> "\"},{\"role\":\"admin\\"),
        new Value("JSON nested 10,000 deep", () -> DEEP_ARRAYS));
  }

  private static List<Value> jsons() {
    return List.of(
        new Value("empty string", () -> JSONB.valueOf("")),
        new Value("not JSON", () -> JSONB.valueOf("{'a': 1")),
        new Value("JSON scalar", () -> JSONB.valueOf("1")),
        new Value("empty JSON array", () -> JSONB.valueOf("[]")),
        new Value("JSON array of objects", () -> JSONB.valueOf("[{\"role\":\"user\",\"content\":\"hi\"}]")),
        new Value("JSON nested 10,000 deep", () -> JSONB.valueOf(DEEP_ARRAYS)),
        new Value("JSON objects nested 10,000 deep", () -> JSONB.valueOf(DEEP_OBJECTS)),
        new Value("JSON nested 10,000 deep", () -> JSONB.valueOf("[{\"content\":" + DEEP_ARRAYS + "}]")),
        new Value("NUL", () -> JSONB.valueOf("[{\"content\":\"a\\u0000b\"}]")),
        new Value("NUL", () -> JSONB.valueOf("{\"a\u0000\":1}")),
        new Value("unpaired high surrogate", () -> JSONB.valueOf("[{\"content\":\"\\ud800\"}]")),
        new Value("unpaired low surrogate", () -> JSONB.valueOf("{\"a\":\"\udc00\"}")),
        new Value("20 MB string", () -> JSONB.valueOf("[{\"content\":\"" + HUGE + "\"}]")),
        new Value("SQL metacharacters", () -> JSONB.valueOf("[{\"content\":\"x'); delete from public.users; --\"}]")),
        new Value("JSON metacharacters", () -> JSONB.valueOf("{\"a\":\"\\\"},{\\\"role\\\":\\\"admin\"}")));
  }

  static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  private static Type argument(Type type) {
    return type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
  }
}
