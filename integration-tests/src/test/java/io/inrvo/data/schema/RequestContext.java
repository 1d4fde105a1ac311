package io.inrvo.data.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A PostgREST-style request context for raw JDBC tests: one transaction that starts with {@code
 * set_config('role', ..., true)} and {@code set_config('request.jwt.claims', ..., true)} in one
 * statement, as the library and PostgREST do.
 *
 * @param role the database role to switch to
 * @param claims the claims JSON, or empty to set none
 */
record RequestContext(String role, Optional<String> claims) {

  RequestContext {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(claims, "claims");
  }

  /** An authenticated user, with the claims PostgREST would set for their JWT. */
  static RequestContext user(UUID id) {
    return new RequestContext("authenticated",
        Optional.of("{\"sub\":\"" + id + "\",\"role\":\"authenticated\"}"));
  }

  /** The anonymous API role. */
  static RequestContext anon() {
    return new RequestContext("anon", Optional.of("{\"role\":\"anon\"}"));
  }

  /** The service role (bypasses RLS). */
  static RequestContext service() {
    return new RequestContext("service_role", Optional.of("{\"role\":\"service_role\"}"));
  }

  /** A role without any JWT claims. */
  static RequestContext roleWithoutClaims(String role) {
    return new RequestContext(role, Optional.empty());
  }

  /** Work on a connection inside the context. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Runs {@code work} in the context and commits. */
  <T> T commit(DataSource dataSource, Work<T> work) throws SQLException {
    return run(dataSource, work, true);
  }

  /** Runs {@code work} in the context and rolls back, so nothing it did persists. */
  <T> T rollback(DataSource dataSource, Work<T> work) throws SQLException {
    return run(dataSource, work, false);
  }

  /** Runs {@code work} in the context, expecting it to fail; returns the failure. */
  SQLException failure(DataSource dataSource, Work<?> work) {
    try {
      run(dataSource, work, false);
    } catch (SQLException e) {
      return e;
    }
    throw new AssertionError("expected an SQLException as " + this);
  }

  /** Starts the context on an open connection (autocommit must be off). */
  void enter(Connection connection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "select set_config('role', ?, true), set_config('request.jwt.claims', ?, true)")) {
      ps.setString(1, role);
      ps.setString(2, claims.orElse(""));
      ps.execute();
    }
  }

  private <T> T run(DataSource dataSource, Work<T> work, boolean commit) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
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
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }
}
