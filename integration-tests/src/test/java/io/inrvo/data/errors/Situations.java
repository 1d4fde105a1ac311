package io.inrvo.data.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.DatabaseErrors;
import io.inrvo.data.InrvoException;
import io.inrvo.data.WhoMustAct;
import java.util.Optional;
import org.junit.jupiter.api.function.Executable;

/**
 * How each row of the README's error table is checked: the exact class (one class per situation),
 * who must act, whether it is retryable, the SQLSTATE, and a message that says what to do and
 * quotes no DETAIL.
 */
final class Situations {

  private Situations() {}

  /**
   * Runs {@code call}, which must fail, and checks what it threw (translated with {@link
   * DatabaseErrors#translate} when it is not the library's own exception, as for plain JDBC).
   */
  static <T extends InrvoException> T assertFails(Class<T> type, WhoMustAct who, boolean retryable,
      Optional<String> sqlState, Executable call, String... advice) {
    Throwable thrown = null;
    try {
      call.execute();
    } catch (Throwable t) {
      thrown = t;
    }
    if (thrown == null) {
      throw new AssertionError("expected " + type.getSimpleName() + ", but the call succeeded");
    }
    return assertSituation(type, who, retryable, sqlState, thrown, advice);
  }

  /** Checks {@code failure}, translated like {@link #assertFails}. */
  static <T extends InrvoException> T assertSituation(Class<T> type, WhoMustAct who, boolean retryable,
      Optional<String> sqlState, Throwable failure, String... advice) {
    RuntimeException translated = DatabaseErrors.translate(failure);
    InrvoException e = assertInstanceOf(InrvoException.class, translated, () -> describe(failure));
    assertEquals(type, e.getClass(), () -> describe(e));
    assertEquals(who, e.whoMustAct(), () -> describe(e));
    assertEquals(retryable, e.isRetryable(), () -> describe(e));
    assertEquals(sqlState, e.sqlState(), () -> describe(e));
    for (String words : advice) {
      assertTrue(e.getMessage().contains(words), () -> "the message should say \"" + words + "\": " + e.getMessage());
    }
    assertFalse(e.getMessage().contains("Detail:"), e.getMessage());
    return type.cast(e);
  }

  private static String describe(Throwable t) {
    return t + (t.getCause() == null ? "" : " caused by " + t.getCause());
  }
}
