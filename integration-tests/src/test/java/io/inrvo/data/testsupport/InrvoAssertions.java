package io.inrvo.data.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.inrvo.data.InvalidInputException;
import org.junit.jupiter.api.function.Executable;

/** Assertions on the library's exceptions. */
public final class InrvoAssertions {

  private InrvoAssertions() {}

  /** Asserts that {@code call} throws {@link InvalidInputException} naming {@code field}; returns it. */
  public static InvalidInputException assertInvalid(String field, Executable call) {
    InvalidInputException e = assertThrows(InvalidInputException.class, call);
    assertEquals(field, e.field(), e.getMessage());
    return e;
  }
}
