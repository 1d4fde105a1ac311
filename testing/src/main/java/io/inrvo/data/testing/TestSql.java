package io.inrvo.data.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Plain SQL for fixtures and for assertions on what is stored, never as a stand-in for the
 * library.
 *
 * <p>Most methods come in two forms. Given a {@link DataSource}, a method runs on a connection of
 * its own in autocommit mode, as the data source's user: for {@link TestDatabase#dataSource()} that
 * is the server's login user, normally a superuser, which bypasses row-level security; a statement
 * that fails fails the test with an {@link AssertionError} naming the SQL. Given a {@link
 * Connection}, it runs on that connection, in its transaction and under its role (for example
 * inside {@link RequestContext#commit}), and a failing statement throws its {@link SQLException},
 * for the test to inspect.
 *
 * <p>{@code ?} placeholders take {@code args} in order ({@link PreparedStatement#setObject}).
 * Values are read as JDBC gives them, so an SQL {@code NULL} reads as {@code null}. A query that
 * should have a row and has none fails the test with an {@link AssertionError} naming the SQL.
 */
public final class TestSql {

  private TestSql() {}

  /**
   * Runs one statement.
   *
   * @param dataSource where to borrow a connection (run in autocommit mode, then closed)
   * @param sql the SQL, with {@code ?} placeholders
   * @param args the placeholders' values, in order
   * @return the rows it changed, or -1 when it returned rows or is a utility statement
   */
  public static int exec(DataSource dataSource, String sql, Object... args) {
    return onOwnConnection(dataSource, sql, c -> exec(c, sql, args));
  }

  /**
   * {@link #exec(DataSource, String, Object...)} on {@code connection}.
   *
   * @param connection the connection to run on, in its transaction and role
   * @param sql the SQL, with {@code ?} placeholders
   * @param args the placeholders' values, in order
   * @return the rows the statement changed, or -1 when it returned rows or is a utility statement
   * @throws SQLException when the statement fails
   */
  public static int exec(Connection connection, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = prepare(connection, sql, args)) {
      return s.execute() ? -1 : s.getUpdateCount();
    }
  }

  /**
   * Runs statements without parameters, one after the other on one connection in autocommit mode
   * (so {@code VACUUM} and {@code CREATE INDEX CONCURRENTLY} work). After each, on PostgreSQL 15
   * and later, it has the backend flush its cumulative statistics ({@code
   * pg_stat_force_next_flush()}), so that {@code pg_stat_*} views read next see the work; one
   * statement at a time, because {@code VACUUM} and {@code ANALYZE} set counters rather than add to
   * them.
   *
   * @param dataSource where to borrow a connection (run in autocommit mode, then closed)
   * @param statements the statements, run in order
   */
  public static void script(DataSource dataSource, String... statements) {
    Objects.requireNonNull(statements, "statements");
    String current = "(connecting)";
    try (Connection c = Objects.requireNonNull(dataSource, "dataSource").getConnection();
        Statement s = c.createStatement()) {
      boolean flush = c.getMetaData().getDatabaseMajorVersion() >= 15;
      for (String statement : statements) {
        current = statement;
        s.execute(statement);
        if (flush) {
          s.execute("select pg_stat_force_next_flush()");
        }
      }
    } catch (SQLException e) {
      throw failed(current, e);
    }
  }

  /**
   * Runs a statement that is expected to fail and returns the SQLSTATE it failed with.
   *
   * @param dataSource where to borrow a connection (run in autocommit mode, then closed)
   * @param sql the SQL, with {@code ?} placeholders
   * @param args the placeholders' values, in order
   * @return the SQLSTATE of the statement's failure
   * @throws AssertionError when the statement succeeds
   */
  public static String failure(DataSource dataSource, String sql, Object... args) {
    try (Connection c = Objects.requireNonNull(dataSource, "dataSource").getConnection();
        PreparedStatement s = prepare(c, sql, args)) {
      s.execute();
    } catch (SQLException e) {
      return e.getSQLState();
    }
    throw new AssertionError("expected to fail: " + sql);
  }

  /**
   * The first column of the first row as JDBC reads it ({@link ResultSet#getObject(int)}); also
   * the returned value of an {@code INSERT ... RETURNING}.
   *
   * @param dataSource where to borrow a connection (run in autocommit mode, then closed)
   * @param sql the SQL, with {@code ?} placeholders
   * @param args the placeholders' values, in order
   * @return the value, or {@code null} for SQL {@code NULL}
   * @throws AssertionError when there is no row
   */
  public static Object value(DataSource dataSource, String sql, Object... args) {
    return onOwnConnection(dataSource, sql, c -> value(c, sql, args));
  }

  /**
   * {@link #value(DataSource, String, Object...)} on {@code connection}.
   *
   * @param connection the connection to run on, in its transaction and role
   * @param sql the SQL, with {@code ?} placeholders
   * @param args the placeholders' values, in order
   * @return the value, or {@code null} for SQL {@code NULL}
   * @throws SQLException when the statement fails
   */
  public static Object value(Connection connection, String sql, Object... args) throws SQLException {
    return firstRow(connection, sql, args, false).get(0);
  }

  /**
   * The first column of the first row as text ({@link ResultSet#getString(int)}).
   *
   * @param dataSource where to borrow a connection (run in autocommit mode, then closed)
   * @param sql the SQL, with {@code ?} placeholders
   * @param args the placeholders' values, in order
   * @return the value as text, or {@code null} for SQL {@code NULL}
   * @throws AssertionError when there is no row
   */
  public static String text(DataSource dataSource, String sql, Object... args) {
    return onOwnConnection(dataSource, sql, c -> text(c, sql, args));
  }

  /**
   * {@link #text(DataSource, String, Object...)} on {@code connection}.
   *
   * @param connection the connection to run on, in its transaction and role
   * @param sql the SQL, with {@code ?} placeholders
   * @param args the placeholders' values, in order
   * @return the value as text, or {@code null} for SQL {@code NULL}
   * @throws SQLException when the statement fails
   */
  public static String text(Connection connection, String sql, Object... args) throws SQLException {
    return (String) firstRow(connection, sql, args, true).get(0);
  }

  /**
   * The first column of the first row as a number, for example of {@code select count(*) ...}.
   *
   * @param dataSource where to borrow a connection (run in autocommit mode, then closed)
   * @param sql the SQL, with {@code ?} placeholders
   * @param args the placeholders' values, in order
   * @return the number
   * @throws AssertionError when there is no row or the value is not a whole number
   */
  public static long count(DataSource dataSource, String sql, Object... args) {
    return onOwnConnection(dataSource, sql, c -> count(c, sql, args));
  }

  /**
   * {@link #count(DataSource, String, Object...)} on {@code connection}.
   *
   * @param connection the connection to run on, in its transaction and role
   * @param sql the SQL, with {@code ?} placeholders
   * @param args the placeholders' values, in order
   * @return the number
   * @throws SQLException when the statement fails
   */
  public static long count(Connection connection, String sql, Object... args) throws SQLException {
    String text = text(connection, sql, args);
    if (text == null) {
      throw new AssertionError("NULL, not a number, from " + sql);
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new AssertionError("not a whole number: " + text + " from " + sql, e);
    }
  }

  /**
   * Every column of the first row, as text.
   *
   * @param dataSource where to borrow a connection (run in autocommit mode, then closed)
   * @param sql the SQL, with {@code ?} placeholders
   * @param args the placeholders' values, in order
   * @return the row's values as text, {@code null} for SQL {@code NULL}, in column order
   * @throws AssertionError when there is no row
   */
  public static List<String> row(DataSource dataSource, String sql, Object... args) {
    return onOwnConnection(dataSource, sql, c -> row(c, sql, args));
  }

  /**
   * {@link #row(DataSource, String, Object...)} on {@code connection}.
   *
   * @param connection the connection to run on, in its transaction and role
   * @param sql the SQL, with {@code ?} placeholders
   * @param args the placeholders' values, in order
   * @return the row's values as text, {@code null} for SQL {@code NULL}, in column order
   * @throws SQLException when the statement fails
   */
  public static List<String> row(Connection connection, String sql, Object... args) throws SQLException {
    return firstRow(connection, sql, args, true).stream().map(v -> (String) v).toList();
  }

  /**
   * The first column of every row, as text, in the query's order.
   *
   * @param dataSource where to borrow a connection (run in autocommit mode, then closed)
   * @param sql the SQL, with {@code ?} placeholders
   * @param args the placeholders' values, in order
   * @return the values as text, {@code null} for SQL {@code NULL}
   */
  public static List<String> column(DataSource dataSource, String sql, Object... args) {
    return onOwnConnection(dataSource, sql, c -> column(c, sql, args));
  }

  /**
   * {@link #column(DataSource, String, Object...)} on {@code connection}.
   *
   * @param connection the connection to run on, in its transaction and role
   * @param sql the SQL, with {@code ?} placeholders
   * @param args the placeholders' values, in order
   * @return the values as text, {@code null} for SQL {@code NULL}
   * @throws SQLException when the statement fails
   */
  public static List<String> column(Connection connection, String sql, Object... args) throws SQLException {
    return rows(connection, sql, args).stream().map(r -> r.get(0)).toList();
  }

  /**
   * The first column of every row as a UUID, in the query's order.
   *
   * @param dataSource where to borrow a connection (run in autocommit mode, then closed)
   * @param sql the SQL, with {@code ?} placeholders
   * @param args the placeholders' values, in order
   * @return the ids
   */
  public static List<UUID> ids(DataSource dataSource, String sql, Object... args) {
    return column(dataSource, sql, args).stream().map(UUID::fromString).toList();
  }

  /**
   * Every row, every column, as text.
   *
   * @param dataSource where to borrow a connection (run in autocommit mode, then closed)
   * @param sql the SQL, with {@code ?} placeholders
   * @param args the placeholders' values, in order
   * @return the rows, each a list of its values as text ({@code null} for SQL {@code NULL})
   */
  public static List<List<String>> rows(DataSource dataSource, String sql, Object... args) {
    return onOwnConnection(dataSource, sql, c -> rows(c, sql, args));
  }

  /**
   * {@link #rows(DataSource, String, Object...)} on {@code connection}.
   *
   * @param connection the connection to run on, in its transaction and role
   * @param sql the SQL, with {@code ?} placeholders
   * @param args the placeholders' values, in order
   * @return the rows, each a list of its values as text ({@code null} for SQL {@code NULL})
   * @throws SQLException when the statement fails
   */
  public static List<List<String>> rows(Connection connection, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = prepare(connection, sql, args); ResultSet rs = s.executeQuery()) {
      int columns = rs.getMetaData().getColumnCount();
      List<List<String>> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(Collections.unmodifiableList(row));
      }
      return List.copyOf(rows);
    }
  }

  /**
   * {@code VACUUM ANALYZE} of the given tables, so that plans see visibility maps and fresh
   * statistics.
   *
   * @param dataSource where to borrow a connection (run in autocommit mode, then closed)
   * @param tables the tables, schema-qualified
   * @throws IllegalArgumentException when no table is named (a database-wide run is slow)
   */
  public static void vacuumAnalyze(DataSource dataSource, String... tables) {
    if (tables.length == 0) {
      throw new IllegalArgumentException("tables: name at least one; a database-wide VACUUM is slow");
    }
    script(dataSource, "vacuum analyze " + String.join(", ", tables));
  }

  /** Work on a connection that may throw {@link SQLException}. */
  private interface ConnectionWork<T> {
    T run(Connection connection) throws SQLException;
  }

  private static <T> T onOwnConnection(DataSource dataSource, String sql, ConnectionWork<T> work) {
    try (Connection c = Objects.requireNonNull(dataSource, "dataSource").getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  /** The first row's values, as text or as objects; fails without a row. */
  private static List<Object> firstRow(Connection connection, String sql, Object[] args, boolean asText)
      throws SQLException {
    try (PreparedStatement s = prepare(connection, sql, args)) {
      if (!s.execute()) {
        throw new AssertionError("no rows: the statement returned none (an update without RETURNING?): " + sql);
      }
      try (ResultSet rs = s.getResultSet()) {
        if (!rs.next()) {
          throw new AssertionError("no row from " + sql);
        }
        int columns = rs.getMetaData().getColumnCount();
        List<Object> row = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          row.add(asText ? rs.getString(i) : rs.getObject(i));
        }
        return Collections.unmodifiableList(row);
      }
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object... args) throws SQLException {
    Objects.requireNonNull(sql, "sql");
    PreparedStatement s = Objects.requireNonNull(connection, "connection").prepareStatement(sql);
    try {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      return s;
    } catch (SQLException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private static AssertionError failed(String sql, SQLException e) {
    return new AssertionError("SQL failed (" + e.getSQLState() + "): " + e.getMessage() + "\n  in: " + sql, e);
  }
}
