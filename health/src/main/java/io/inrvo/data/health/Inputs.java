package io.inrvo.data.health;

import io.inrvo.data.InvalidInputException;

/** Argument checks of the health module, made before any SQL, failing as the library's input errors do. */
final class Inputs {

  private Inputs() {}

  /** {@code value}, which must be present. */
  static <T> T present(T value, String field) {
    if (value == null) {
      throw new InvalidInputException(field, "must not be null");
    }
    return value;
  }

  /** {@code value}, which must be at least {@code min}. */
  static long atLeast(long value, String field, long min) {
    if (value < min) {
      throw new InvalidInputException(field, "must be at least " + min + ", got " + value);
    }
    return value;
  }
}
