package io.inrvo.data.internal;

import io.inrvo.data.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.JSONB;
import org.jooq.tools.json.JSONParser;
import org.jooq.tools.json.ParseException;

/**
 * Argument rules checked before any SQL is sent. Each failure names the field and the rule; text
 * values are not echoed (they may be long or personal), lengths and numbers are.
 */
public final class Checks {

  private Checks() {}

  /** {@code value} must be present. */
  public static <T> T present(T value, String field) {
    if (value == null) {
      throw new InvalidInputException(field, "must not be null");
    }
    return value;
  }

  /** Text that must be present, not blank, and at most {@code max} characters. */
  public static String text(String value, String field, int max) {
    present(value, field);
    if (value.isBlank()) {
      throw new InvalidInputException(field, "must not be blank");
    }
    return maxLength(value, field, max);
  }

  /** Optional text; when present, as {@link #text}. */
  public static Optional<String> optionalText(Optional<String> value, String field, int max) {
    present(value, field).ifPresent(v -> text(v, field, max));
    return value;
  }

  /** At most {@code max} characters. */
  public static String maxLength(String value, String field, int max) {
    if (value.length() > max) {
      throw new InvalidInputException(field, "must be at most " + max + " characters, got " + value.length());
    }
    return value;
  }

  /** {@code min <= value <= max}. */
  public static int range(int value, String field, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidInputException(field, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** {@code min <= value <= max}. */
  public static long range(long value, String field, long min, long max) {
    if (value < min || value > max) {
      throw new InvalidInputException(field, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** A JSON object of at most {@code maxChars} characters. */
  public static JSONB jsonObject(JSONB value, String field, int maxChars) {
    Object parsed = parse(value, field, maxChars);
    if (!(parsed instanceof Map)) {
      throw new InvalidInputException(field, "must be a JSON object");
    }
    return value;
  }

  /** A JSON array of at least one element, every element a JSON object. */
  public static JSONB jsonArrayOfObjects(JSONB value, String field, int maxChars) {
    Object parsed = parse(value, field, maxChars);
    if (!(parsed instanceof List<?> list)) {
      throw new InvalidInputException(field, "must be a JSON array");
    }
    if (list.isEmpty()) {
      throw new InvalidInputException(field, "must not be an empty array");
    }
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map)) {
        throw new InvalidInputException(field, "element " + i + " must be a JSON object");
      }
    }
    return value;
  }

  private static Object parse(JSONB value, String field, int maxChars) {
    present(value, field);
    String text = present(value.data(), field);
    maxLength(text, field, maxChars);
    try {
      return new JSONParser().parse(text);
    } catch (ParseException | RuntimeException e) {
      throw new InvalidInputException(field, "must be valid JSON");
    }
  }
}
