package io.inrvo.data.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * SQL as the test superuser, which bypasses row-level security: for fixtures and for assertions on
 * what is stored, never as a stand-in for the library. Every call runs on its own connection in
 * autocommit mode (so {@code VACUUM} works); {@code ?} placeholders take {@code args} in order. A
 * failing statement fails the test with an {@link AssertionError} naming the SQL.
 */
public final class Superuser {

  /** What {@link #one} returns when the query has no row. */
  public static final String ABSENT = "<absent>";

  private Superuser() {}

  /** Runs one statement; returns the rows it changed, or -1 when it returned rows or is a utility statement. */
  public static int exec(DataSource ds, String sql, Object... args) {
    try (Connection c = ds.getConnection(); PreparedStatement s = prepare(c, sql, args)) {
      return s.execute() ? -1 : s.getUpdateCount();
    } catch (SQLException e) {
      throw new AssertionError(sql, e);
    }
  }

  /** The first column of the first row as text (null for SQL NULL); {@value #ABSENT} without a row. */
  public static String one(DataSource ds, String sql, Object... args) {
    List<List<String>> rows = rows(ds, sql, args);
    return rows.isEmpty() ? ABSENT : rows.get(0).get(0);
  }

  /** The first column of the first row as a number, e.g. of {@code select count(*) ...}. */
  public static long count(DataSource ds, String sql, Object... args) {
    return Long.parseLong(one(ds, sql, args));
  }

  /** Every column of the first row, as text; fails without a row. */
  public static List<String> row(DataSource ds, String sql, Object... args) {
    List<List<String>> rows = rows(ds, sql, args);
    if (rows.isEmpty()) {
      throw new AssertionError("no row from " + sql);
    }
    return rows.get(0);
  }

  /** The first column of every row, as text, in the query's order. */
  public static List<String> column(DataSource ds, String sql, Object... args) {
    return rows(ds, sql, args).stream().map(r -> r.get(0)).toList();
  }

  /** The first column of every row as a UUID, in the query's order. */
  public static List<UUID> ids(DataSource ds, String sql, Object... args) {
    return column(ds, sql, args).stream().map(UUID::fromString).toList();
  }

  /** Every row, every column, as text (null for SQL NULL). */
  public static List<List<String>> rows(DataSource ds, String sql, Object... args) {
    try (Connection c = ds.getConnection(); PreparedStatement s = prepare(c, sql, args);
        ResultSet rs = s.executeQuery()) {
      int columns = rs.getMetaData().getColumnCount();
      List<List<String>> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new AssertionError(sql, e);
    }
  }

  /**
   * Chosen columns of the row {@code id} of {@code table}, joined with {@code |} (SQL NULLs left
   * out, as {@code concat_ws} does); {@value #ABSENT} when there is no such row.
   */
  public static String fields(DataSource ds, String table, UUID id, String columns) {
    return one(ds, "select concat_ws('|', " + columns + ") from " + table + " where id = ?", id);
  }

  /** {@code VACUUM ANALYZE} of the given tables, so plans see visibility maps and statistics. */
  public static void vacuumAnalyze(DataSource ds, String... tables) {
    exec(ds, "vacuum analyze " + String.join(", ", tables));
  }

  /** A jOOQ context on {@code ds}, for typed fixture and assertion queries as the superuser. */
  public static DSLContext jooq(DataSource ds) {
    return DSL.using(ds, SQLDialect.POSTGRES);
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      s.setObject(i + 1, args[i]);
    }
    return s;
  }
}
