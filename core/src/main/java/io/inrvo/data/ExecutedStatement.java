package io.inrvo.data;

import java.time.Duration;
import java.util.Objects;

/**
 * A statement the library sent, as reported to a {@link StatementListener}.
 *
 * @param caller the session's caller
 * @param sql the SQL with {@code ?} placeholders, as sent but for the comment naming its operation
 *     (<code>/* inrvo history.page *&#47;</code>) that leads it on the wire
 * @param inlinedSql the same SQL with the bind values inlined (for EXPLAIN, logs of test runs);
 *     contains user data, so do not log it in production
 * @param elapsed how long the statement took, including the round trip
 * @param rows rows returned or affected, -1 when unknown
 */
public record ExecutedStatement(Caller caller, String sql, String inlinedSql, Duration elapsed, int rows) {

  /**
   * No argument may be null.
   *
   * @param caller the session's caller
   * @param sql the SQL as sent, with {@code ?} placeholders
   * @param inlinedSql the SQL with its values inlined
   * @param elapsed how long the statement took; zero for a statement sent together with the next one
   * @param rows rows returned or affected, -1 when unknown or when the statement failed
   */
  public ExecutedStatement {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(inlinedSql, "inlinedSql");
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
