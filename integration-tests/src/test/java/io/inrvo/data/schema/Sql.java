package io.inrvo.data.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Small JDBC helpers for schema tests: one value, one column, one update. */
final class Sql {

  private Sql() {}

  /** Runs statements in autocommit mode, e.g. fixtures or {@code VACUUM ANALYZE}. */
  static void execute(DataSource dataSource, String... statements) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** The first column of the first row, or null when there is no row. */
  static Object value(Connection connection, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(connection, sql, args); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getObject(1) : null;
    }
  }

  static Object value(DataSource dataSource, String sql, Object... args) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return value(c, sql, args);
    }
  }

  static long count(Connection connection, String sql, Object... args) throws SQLException {
    return ((Number) value(connection, sql, args)).longValue();
  }

  static long count(DataSource dataSource, String sql, Object... args) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return count(c, sql, args);
    }
  }

  static String text(Connection connection, String sql, Object... args) throws SQLException {
    Object value = value(connection, sql, args);
    return value == null ? null : value.toString();
  }

  static String text(DataSource dataSource, String sql, Object... args) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return text(c, sql, args);
    }
  }

  /** The first column of every row, as text. */
  static List<String> column(Connection connection, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(connection, sql, args); ResultSet rs = ps.executeQuery()) {
      List<String> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      return values;
    }
  }

  static List<String> column(DataSource dataSource, String sql, Object... args) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return column(c, sql, args);
    }
  }

  /** Rows affected by an INSERT, UPDATE or DELETE. */
  static int update(Connection connection, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(connection, sql, args)) {
      return ps.executeUpdate();
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object... args) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
    return ps;
  }
}
