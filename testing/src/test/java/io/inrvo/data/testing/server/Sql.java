package io.inrvo.data.testing.server;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Fixture SQL for the server tests. */
final class Sql {

  private Sql() {}

  /** Runs each statement in autocommit mode on one connection. */
  static void run(DataSource dataSource, String... statements) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("fixture SQL failed: " + e.getMessage(), e);
    }
  }

  /** The first column of the first row {@code query} returns, as text. */
  static String text(DataSource dataSource, String query) {
    try (Connection c = dataSource.getConnection()) {
      return text(c, query);
    } catch (SQLException e) {
      throw new IllegalStateException("query failed: " + query + ": " + e.getMessage(), e);
    }
  }

  /** The same on an open connection. */
  static String text(Connection connection, String query) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
      if (!rs.next()) {
        throw new IllegalStateException("no row: " + query);
      }
      return rs.getString(1);
    }
  }
}
