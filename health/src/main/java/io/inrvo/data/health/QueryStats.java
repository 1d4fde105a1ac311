package io.inrvo.data.health;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Execution statistics of one normalized statement from {@code pg_stat_statements}, summed over
 * the database's users: either totals since the statistics were reset ({@link
 * DatabaseHealth#slowQueries()}) or what happened since a snapshot ({@link
 * DatabaseHealth#since(StatementSnapshot)}).
 *
 * @param queryId the statement's {@code queryid}
 * @param query the normalized text (constants replaced by {@code $n}); {@code <insufficient
 *     privilege>} for other roles' statements unless the login has {@code pg_read_all_stats}
 * @param calls executions
 * @param totalMillis total execution time in milliseconds
 * @param meanMillis mean execution time in milliseconds
 * @param rows rows returned or affected
 */
public record QueryStats(long queryId, String query, long calls, double totalMillis, double meanMillis, long rows) {

  private static final Pattern OPERATION = Pattern.compile("^\\s*/\\* inrvo ([A-Za-z0-9.]+) \\*/");

  /**
   * The inrvo-data operation that sent this statement, read from the comment every statement of
   * the library starts with (<code>/* inrvo history.page *&#47;</code> gives {@code history.page};
   * the request context every call sends first is {@code context}). PostgreSQL keeps one row per
   * statement shape, comments aside, and shows the text of its first execution: a statement two
   * operations send alike is named after the first.
   *
   * @return the operation's name; empty for a statement the library did not send
   */
  public Optional<String> operation() {
    Matcher m = OPERATION.matcher(query);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
