package io.inrvo.data.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Fixture and assertion SQL as the test superuser (bypasses RLS); never through the library. */
final class Jdbc {

  private Jdbc() {}

  static int exec(DataSource ds, String sql, Object... args) {
    try (Connection c = ds.getConnection(); PreparedStatement s = prepare(c, sql, args)) {
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new AssertionError(sql, e);
    }
  }

  static long count(DataSource ds, String sql, Object... args) {
    return Long.parseLong(one(ds, sql, args));
  }

  /** The first column of the first row as text; {@code <absent>} without a row. */
  static String one(DataSource ds, String sql, Object... args) {
    try (Connection c = ds.getConnection(); PreparedStatement s = prepare(c, sql, args);
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? rs.getString(1) : "<absent>";
    } catch (SQLException e) {
      throw new AssertionError(sql, e);
    }
  }

  /** The first column of every row, as text, in the query's order. */
  static List<String> column(DataSource ds, String sql, Object... args) {
    try (Connection c = ds.getConnection(); PreparedStatement s = prepare(c, sql, args);
        ResultSet rs = s.executeQuery()) {
      List<String> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new AssertionError(sql, e);
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      s.setObject(i + 1, args[i]);
    }
    return s;
  }
}
