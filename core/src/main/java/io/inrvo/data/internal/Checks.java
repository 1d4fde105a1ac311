package io.inrvo.data.internal;

import io.inrvo.data.InvalidInputException;
import java.util.List;
import java.util.Optional;
import org.jooq.JSONB;

/**
 * The one place of the input rules, checked before any SQL is sent by every public value type and
 * every repository. Each failure is an {@link InvalidInputException} naming the field and the rule;
 * text values are not echoed (they may be long or personal), lengths and numbers are.
 *
 * <ul>
 *   <li>A required value that is null: {@code must not be null}, never a bare {@code
 *       NullPointerException}.
 *   <li>Text: at most its field's length, then no NUL character (PostgreSQL cannot store it) and no
 *       unpaired UTF-16 surrogate (it would be stored as {@code ?}).
 *   <li>Optional text, when present, is text that must not be blank: an absent value is {@code
 *       Optional.empty()}, never {@code ""} (the one rule for blank optional fields).
 *   <li>JSON: at most its field's length, well-formed text as above, nested at most {@value
 *       #MAX_JSON_DEPTH} deep (checked before parsing, so no input can exhaust the stack), strict
 *       JSON as PostgreSQL reads it (RFC 8259: no raw control character in a string, no leading
 *       zero), and every key and string inside well-formed text too, escaped characters included.
 * </ul>
 */
public final class Checks {

  /** Deepest nesting of arrays and objects a JSON input may have. */
  public static final int MAX_JSON_DEPTH = 64;

  private Checks() {}

  /** {@code value} must be present. */
  public static <T> T present(T value, String field) {
    if (value == null) {
      throw new InvalidInputException(field, "must not be null");
    }
    return value;
  }

  /** An unmodifiable copy of {@code values}, which must be present and hold no null. */
  public static <T> List<T> list(List<T> values, String field) {
    present(values, field);
    for (T value : values) {
      present(value, field);
    }
    return List.copyOf(values);
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

  /** Present, at most {@code max} characters, and {@linkplain #wellFormed well-formed}. */
  public static String maxLength(String value, String field, int max) {
    present(value, field);
    if (value.length() > max) {
      throw new InvalidInputException(field, "must be at most " + max + " characters, got " + value.length());
    }
    return wellFormed(value, field);
  }

  /** Present, and neither a NUL character nor an unpaired UTF-16 surrogate in it. */
  public static String wellFormed(String value, String field) {
    present(value, field);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\u0000') {
        throw new InvalidInputException(field, "must not contain the NUL character");
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new InvalidInputException(field, "must not contain an unpaired UTF-16 surrogate (at index " + i + ")");
      }
    }
    return value;
  }

  /** A list of at most {@code maxItems} texts, each as {@link #text}. */
  public static List<String> texts(List<String> values, String field, int maxItems, int maxLength) {
    present(values, field);
    if (values.size() > maxItems) {
      throw new InvalidInputException(field, "must have at most " + maxItems + " items, got " + values.size());
    }
    for (int i = 0; i < values.size(); i++) {
      text(values.get(i), field, maxLength);
    }
    return values;
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
    if (scan(value, field, maxChars).top() != JsonText.Kind.OBJECT) {
      throw new InvalidInputException(field, "must be a JSON object");
    }
    return value;
  }

  /** A JSON array of at least one element, every element a JSON object. */
  public static JSONB jsonArrayOfObjects(JSONB value, String field, int maxChars) {
    JsonText json = scan(value, field, maxChars);
    if (json.top() != JsonText.Kind.ARRAY) {
      throw new InvalidInputException(field, "must be a JSON array");
    }
    if (json.elements() == 0) {
      throw new InvalidInputException(field, "must not be an empty array");
    }
    if (json.firstNonObject() >= 0) {
      throw new InvalidInputException(field, "element " + json.firstNonObject() + " must be a JSON object");
    }
    return value;
  }

  /** Any JSON value of at most {@code maxChars} characters, checked as the class says. */
  public static JSONB json(JSONB value, String field, int maxChars) {
    scan(value, field, maxChars);
    return value;
  }

  /** Checked without building a tree of the value ({@link JsonText}): strict JSON, as PostgreSQL reads it. */
  private static JsonText scan(JSONB value, String field, int maxChars) {
    present(value, field);
    String text = maxLength(value.data(), field, maxChars);
    depth(text, field);
    return JsonText.scan(text, field);
  }

  /** Rejects nesting deeper than {@link #MAX_JSON_DEPTH}, counting brackets outside strings. */
  private static void depth(String text, String field) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '[' || c == '{') {
        if (++depth > MAX_JSON_DEPTH) {
          throw new InvalidInputException(field, "must be nested at most " + MAX_JSON_DEPTH + " deep");
        }
      } else if (c == ']' || c == '}') {
        depth--;
      }
    }
  }
}
