package io.inrvo.data.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.inrvo.data.InvalidInputException;
import java.util.Objects;
import org.junit.jupiter.api.function.Executable;

/** Assertions on the library's exceptions. */
public final class InrvoAssertions {

  private InrvoAssertions() {}

  /**
   * Asserts that {@code call} throws {@link InvalidInputException} naming {@code field} and returns
   * it, for further checks of its rule or message.
   *
   * @param field the field the exception must name
   * @param call the call that must be rejected
   * @return the exception, for checks of its rule or message
   * @throws AssertionError when {@code call} returns, throws anything else, or names another field
   */
  public static InvalidInputException assertInvalid(String field, Executable call) {
    Objects.requireNonNull(field, "field");
    InvalidInputException e = assertThrows(InvalidInputException.class, call);
    assertEquals(field, e.field(), e.getMessage());
    return e;
  }
}
