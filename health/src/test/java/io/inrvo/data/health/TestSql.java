package io.inrvo.data.health;

import javax.sql.DataSource;

/**
 * The names {@link StatementStatsTest} was written against, kept while that test moves to a server
 * of its own; they delegate to the test kit's {@link io.inrvo.data.testing.TestSql}, which every
 * other test here uses directly. Delete this class once that test imports the kit's.
 */
final class TestSql {

  private TestSql() {}

  /** {@link io.inrvo.data.testing.TestSql#script}: statements one by one, statistics flushed after each. */
  static void run(DataSource dataSource, String... statements) {
    io.inrvo.data.testing.TestSql.script(dataSource, statements);
  }

  /** {@link io.inrvo.data.testing.TestSql#text}: the first column of the first row, as text. */
  static String text(DataSource dataSource, String query) {
    return io.inrvo.data.testing.TestSql.text(dataSource, query);
  }
}
