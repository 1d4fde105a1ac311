package io.inrvo.data.testing;

import io.inrvo.data.Caller;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A request context for raw JDBC, to test row-level security policies and SQL functions as a
 * PostgREST request (or this library) would reach them: a transaction that starts with {@code
 * set_config('role', ..., true)} and {@code set_config('request.jwt.claims', ..., true)} in one
 * statement. Both settings are transaction-local, so nothing stays on the connection.
 *
 * <pre>{@code
 * long visible = RequestContext.user(alice).rollback(dataSource,
 *     c -> TestSql.count(c, "select count(*) from public.meditation_history"));
 * }</pre>
 *
 * @param role the database role to switch to, such as {@code authenticated}
 * @param claims the claims JSON, or empty to set none (an empty setting)
 */
public record RequestContext(String role, Optional<String> claims) {

  /**
   * No argument may be null.
   *
   * @param role the database role to switch to, such as {@code authenticated}
   * @param claims the claims JSON, or empty to set none (an empty setting)
   */
  public RequestContext {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(claims, "claims");
  }

  /**
   * The context the library opens for {@code caller}: its {@link Caller#databaseRole()} and the
   * claims {@code sub} (users and admins), {@code role} and, when known, {@code email}.
   *
   * @param caller the caller whose context to open
   * @return the context
   */
  public static RequestContext of(Caller caller) {
    Objects.requireNonNull(caller, "caller");
    StringBuilder json = new StringBuilder("{");
    caller.userId().ifPresent(id -> json.append("\"sub\":\"").append(id).append("\","));
    json.append("\"role\":\"").append(caller.databaseRole()).append('"');
    caller.email().ifPresent(email -> json.append(",\"email\":\"").append(jsonEscaped(email)).append('"'));
    return new RequestContext(caller.databaseRole(), Optional.of(json.append('}').toString()));
  }

  /**
   * An authenticated end user, with the claims PostgREST sets for their JWT.
   *
   * @param id the user's id
   * @return the context
   */
  public static RequestContext user(UUID id) {
    return of(Caller.user(id));
  }

  /**
   * The anonymous API role {@code anon}.
   *
   * @return the context
   */
  public static RequestContext anon() {
    return new RequestContext("anon", Optional.of("{\"role\":\"anon\"}"));
  }

  /**
   * The {@code service_role}, which bypasses row-level security.
   *
   * @return the context
   */
  public static RequestContext service() {
    return of(Caller.service());
  }

  /**
   * {@code role} without any JWT claims, as a direct database login would be.
   *
   * @param role the database role
   * @return the context
   */
  public static RequestContext roleWithoutClaims(String role) {
    return new RequestContext(role, Optional.empty());
  }

  /**
   * Work on a connection inside the context.
   *
   * @param <T> the type of the work's result
   */
  @FunctionalInterface
  public interface Work<T> {
    /**
     * Does the work.
     *
     * @param connection the connection, inside the context's transaction
     * @return the work's result
     * @throws SQLException when a statement fails
     */
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in the context on a connection of {@code dataSource} and commits.
   *
   * @param <T> the type of the work's result
   * @param dataSource where to borrow the connection
   * @param work what to run inside the context
   * @return what {@code work} returned
   * @throws SQLException when a statement fails (the transaction is rolled back)
   */
  public <T> T commit(DataSource dataSource, Work<T> work) throws SQLException {
    return run(dataSource, work, true);
  }

  /**
   * Runs {@code work} in the context and rolls back, so nothing it did persists.
   *
   * @param <T> the type of the work's result
   * @param dataSource where to borrow the connection
   * @param work what to run inside the context
   * @return what {@code work} returned
   * @throws SQLException when a statement fails (the transaction is rolled back)
   */
  public <T> T rollback(DataSource dataSource, Work<T> work) throws SQLException {
    return run(dataSource, work, false);
  }

  /**
   * Runs {@code work} in the context, expecting it to fail with an {@link SQLException}, and
   * returns that exception; the transaction is rolled back.
   *
   * @param dataSource where to borrow the connection
   * @param work what to run inside the context
   * @return the exception the work failed with
   * @throws AssertionError when the work succeeds
   */
  public SQLException failure(DataSource dataSource, Work<?> work) {
    try {
      run(dataSource, work, false);
    } catch (SQLException e) {
      return e;
    }
    throw new AssertionError("expected an SQLException as " + this);
  }

  /**
   * Enters the context on an open connection whose autocommit is off.
   *
   * @param connection an open connection whose autocommit is off
   * @throws SQLException when a statement fails (the transaction is rolled back)
   */
  public void enter(Connection connection) throws SQLException {
    try (PreparedStatement set = connection.prepareStatement(
        "select set_config('role', ?, true), set_config('request.jwt.claims', ?, true)")) {
      set.setString(1, role);
      set.setString(2, claims.orElse(""));
      set.executeQuery().close();
    }
  }

  private <T> T run(DataSource dataSource, Work<T> work, boolean commit) throws SQLException {
    Objects.requireNonNull(work, "work");
    try (Connection connection = Objects.requireNonNull(dataSource, "dataSource").getConnection()) {
      connection.setAutoCommit(false);
      try {
        enter(connection);
        T result = work.run(connection);
        if (commit) {
          connection.commit();
        } else {
          connection.rollback();
        }
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private static String jsonEscaped(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return out.toString();
  }
}
