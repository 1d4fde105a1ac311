package io.inrvo.data.internal;

import io.inrvo.data.InvalidInputException;

/**
 * A strict check of JSON text (RFC 8259, what PostgreSQL's {@code jsonb} accepts) that builds
 * nothing: one pass over the characters, recording what {@link Checks} asks of the top-level
 * value (its kind; for an array, its length and its first element that is not an object) and the
 * first decoded string (key or value) that is not well-formed text.
 *
 * <p>Why not a parser: a JSON tree of every message appended to a conversation cost more CPU and
 * allocation than the rest of the call (jOOQ's parser allocated about 35 KB for a message of 90
 * characters), only to be dropped.
 *
 * <p>Nesting is bounded by the caller's check before the scan ({@link Checks#MAX_JSON_DEPTH}); the
 * scan refuses deeper text too, so its recursion stays shallow whatever the input.
 *
 * <p>Long because JSON's grammar is spelled out production by production (objects, arrays, strings
 * and their escapes, numbers, literals), each with the check it owes {@link Checks}.
 */
final class JsonText {

  /** What the top-level value is. */
  enum Kind { OBJECT, ARRAY, SCALAR }

  private final String text;
  private final String field;
  private int at;
  private Kind top;
  private int elements;
  private int firstNonObject = -1;
  private String stringProblem;

  private JsonText(String text, String field) {
    this.text = text;
    this.field = field;
  }

  /**
   * Scans {@code text}, the value of {@code field}.
   *
   * @throws InvalidInputException when it is not valid JSON ({@code must be valid JSON}), or, valid,
   *     holds a key or string that is not {@linkplain Checks#wellFormed well-formed} text once its
   *     escapes are decoded
   */
  static JsonText scan(String text, String field) {
    JsonText scan = new JsonText(text, field);
    scan.value(0);
    scan.whitespace();
    if (scan.at != text.length()) {
      throw scan.invalid();
    }
    if (scan.stringProblem != null) {
      throw new InvalidInputException(field, scan.stringProblem);
    }
    return scan;
  }

  /** The kind of the top-level value. */
  Kind top() {
    return top;
  }

  /** The number of elements of a top-level array. */
  int elements() {
    return elements;
  }

  /** The index of a top-level array's first element that is not an object; -1 when there is none. */
  int firstNonObject() {
    return firstNonObject;
  }

  private void value(int depth) {
    whitespace();
    if (at >= text.length()) {
      throw invalid();
    }
    char c = text.charAt(at);
    if (depth == 0) {
      top = c == '{' ? Kind.OBJECT : c == '[' ? Kind.ARRAY : Kind.SCALAR;
    }
    switch (c) {
      case '{' -> object(depth + 1);
      case '[' -> array(depth + 1);
      case '"' -> string();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> number();
    }
  }

  private void object(int depth) {
    nested(depth);
    at++; // {
    whitespace();
    if (next() == '}') {
      at++;
      return;
    }
    while (true) {
      whitespace();
      if (next() != '"') {
        throw invalid();
      }
      string();
      whitespace();
      expect(':');
      value(depth);
      whitespace();
      char c = next();
      at++;
      if (c == '}') {
        return;
      }
      if (c != ',') {
        throw invalid();
      }
    }
  }

  private void array(int depth) {
    nested(depth);
    at++; // [
    whitespace();
    if (next() == ']') {
      at++;
      return;
    }
    for (int index = 0; ; index++) {
      whitespace();
      if (depth == 1) {
        elements++;
        if (firstNonObject < 0 && next() != '{') {
          firstNonObject = index;
        }
      }
      value(depth);
      whitespace();
      char c = next();
      at++;
      if (c == ']') {
        return;
      }
      if (c != ',') {
        throw invalid();
      }
    }
  }

  /** A string; its decoded characters checked as {@link Checks#wellFormed} checks text. */
  private void string() {
    at++; // "
    int decoded = 0;
    int unpairedHigh = -1;
    while (true) {
      if (at >= text.length()) {
        throw invalid();
      }
      char c = text.charAt(at++);
      if (c == '"') {
        break;
      }
      if (c < 0x20) {
        throw invalid(); // a control character must be escaped
      }
      if (c == '\\') {
        c = escape();
      }
      // as Checks.wellFormed: NUL, or a surrogate that is not the high half of a pair followed by its low half
      if (unpairedHigh >= 0) {
        if (Character.isLowSurrogate(c)) {
          unpairedHigh = -1;
          decoded++;
          continue;
        }
        problem("must not contain an unpaired UTF-16 surrogate (at index " + unpairedHigh + ")");
        unpairedHigh = -1;
      }
      if (c == '\u0000') {
        problem("must not contain the NUL character");
      } else if (Character.isHighSurrogate(c)) {
        unpairedHigh = decoded;
      } else if (Character.isLowSurrogate(c)) {
        problem("must not contain an unpaired UTF-16 surrogate (at index " + decoded + ")");
      }
      decoded++;
    }
    if (unpairedHigh >= 0) {
      problem("must not contain an unpaired UTF-16 surrogate (at index " + unpairedHigh + ")");
    }
  }

  /** The character an escape (after its backslash) stands for. */
  private char escape() {
    if (at >= text.length()) {
      throw invalid();
    }
    char c = text.charAt(at++);
    return switch (c) {
      case '"', '\\', '/' -> c;
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'u' -> {
        if (at + 4 > text.length()) {
          throw invalid();
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
          int digit = Character.digit(text.charAt(at++), 16);
          if (digit < 0) {
            throw invalid();
          }
          code = code * 16 + digit;
        }
        yield (char) code;
      }
      default -> throw invalid();
    };
  }

  /** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
  private void number() {
    if (next() == '-') {
      at++;
    }
    if (next() == '0') {
      at++;
    } else if (digits() == 0) {
      throw invalid();
    }
    if (next() == '.') {
      at++;
      if (digits() == 0) {
        throw invalid();
      }
    }
    if (next() == 'e' || next() == 'E') {
      at++;
      if (next() == '+' || next() == '-') {
        at++;
      }
      if (digits() == 0) {
        throw invalid();
      }
    }
  }

  private int digits() {
    int from = at;
    while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
      at++;
    }
    return at - from;
  }

  private void literal(String word) {
    if (!text.startsWith(word, at)) {
      throw invalid();
    }
    at += word.length();
  }

  private void expect(char c) {
    if (next() != c) {
      throw invalid();
    }
    at++;
  }

  /** The next character, or NUL at the end (never valid where a character is expected). */
  private char next() {
    return at < text.length() ? text.charAt(at) : '\u0000';
  }

  /** JSON's four whitespace characters. */
  private void whitespace() {
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      at++;
    }
  }

  private void nested(int depth) {
    if (depth > Checks.MAX_JSON_DEPTH) {
      throw new InvalidInputException(field, "must be nested at most " + Checks.MAX_JSON_DEPTH + " deep");
    }
  }

  private void problem(String rule) {
    if (stringProblem == null) {
      stringProblem = rule;
    }
  }

  private InvalidInputException invalid() {
    return new InvalidInputException(field, "must be valid JSON");
  }
}
