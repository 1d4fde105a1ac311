package io.inrvo.data.cache;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Plain SQL from a connection of its own, as another application would write. */
public final class Sql {

  private Sql() {}

  /** Runs one statement in autocommit mode; returns the first column of the first row, or null. */
  public static Object run(DataSource dataSource, String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection()) {
      return run(connection, sql, parameters);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** Runs one statement on {@code connection}; returns the first column of the first row, or null. */
  public static Object run(Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      if (!statement.execute()) {
        return null;
      }
      try (ResultSet rows = statement.getResultSet()) {
        return rows.next() ? rows.getObject(1) : null;
      }
    }
  }
}
