package io.inrvo.data.testsupport;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.inrvo.data.ExecutedStatement;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * The one check that the library never selects {@code *}: no {@code select *}, no {@code t.*} or
 * {@code "t".*} projection, no {@code *} in a select list. {@code count(*)} is allowed. The check is
 * deliberately blunt: any asterisk outside {@code count(*)} and string literals counts (the
 * library's SQL has no multiplication), so no spelling of a star projection slips through.
 */
public final class SelectStar {

  private static final Pattern COUNT_STAR = Pattern.compile("(?i)\\bcount\\s*\\(\\s*\\*\\s*\\)");
  private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']|'')*'");

  private SelectStar() {}

  /** Whether {@code sql} selects {@code *} anywhere. */
  public static boolean in(String sql) {
    String withoutLiterals = STRING_LITERAL.matcher(sql).replaceAll("''");
    return COUNT_STAR.matcher(withoutLiterals).replaceAll("count()").contains("*");
  }

  /** Fails naming the first statement (as sent, with placeholders) that selects {@code *}. */
  public static void assertNone(Collection<ExecutedStatement> statements) {
    for (ExecutedStatement s : statements) {
      assertFalse(in(s.sql()), () -> "selects *: " + s.sql());
    }
  }
}
