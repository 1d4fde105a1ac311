package io.inrvo.data.admin;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Fixture SQL for the refresher tests, run as the test kit's superuser. */
final class TestSql {

  private TestSql() {}

  /**
   * Runs each statement in autocommit mode on one connection, making the backend flush its
   * cumulative statistics after each, so a report read next sees the work.
   */
  static void run(DataSource dataSource, String... statements) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
        // flushed statement by statement: a VACUUM or ANALYZE sets counters absolutely, and
        // counts of earlier statements flushed after it would be added on top
        s.execute("select pg_stat_force_next_flush()");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("fixture SQL failed: " + e.getMessage(), e);
    }
  }

  /** Runs {@code statement}, expected to fail, and returns the SQLSTATE it failed with. */
  static String fails(DataSource dataSource, String statement) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      return e.getSQLState();
    }
    throw new IllegalStateException("expected to fail: " + statement);
  }

  /** The first column of the single row {@code query} returns, as text. */
  static String text(DataSource dataSource, String query) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      if (!rs.next()) {
        throw new IllegalStateException("no row: " + query);
      }
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException("query failed: " + e.getMessage(), e);
    }
  }

  /** The first column of the single row {@code query} returns, as a number. */
  static long number(DataSource dataSource, String query) {
    return Long.parseLong(text(dataSource, query));
  }
}
