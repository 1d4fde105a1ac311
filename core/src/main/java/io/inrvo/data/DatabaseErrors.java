package io.inrvo.data;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Translates database failures into the library's exceptions, as every repository call does: for
 * code that reaches the database beside the library (plain JDBC or jOOQ on the same data source)
 * and should fail the same way.
 *
 * <p>The class follows the SQLSTATE ({@link InrvoException} lists the classes); the failure is kept
 * as the cause; the message is the server's primary message and never its DETAIL, which can carry
 * other rows' values.
 */
public final class DatabaseErrors {

  private DatabaseErrors() {}

  /**
   * The library's exception for {@code failure}.
   *
   * @param failure what JDBC or jOOQ threw: an {@link SQLException} anywhere in its cause chain
   *     (jOOQ wraps it in a {@code DataAccessException}) is translated by its SQLSTATE
   * @return the translated exception; an {@link InrvoException} and any other unchecked exception
   *     (a programming error) are returned unchanged; any other checked exception comes back as an
   *     unclassified {@link InrvoException} with {@code failure} as its cause
   */
  public static RuntimeException translate(Throwable failure) {
    if (failure instanceof InrvoException e) {
      return e;
    }
    SQLException sql = findSqlException(failure);
    if (sql == null) {
      return failure instanceof RuntimeException r ? r : new InrvoException("unexpected failure: " + failure, null, failure);
    }
    return fromSqlException(sql, failure);
  }

  private static RuntimeException fromSqlException(SQLException sql, Throwable cause) {
    if (sql instanceof SQLTransientConnectionException) {
      // A pool's timeout (HikariCP), with an SQLSTATE only when an earlier connection attempt failed:
      // either way no connection came in time, which a later retry may get.
      return new UnavailableException("database unavailable: no connection within the pool's timeout: "
          + sql.getMessage() + "; retry later", sql.getSQLState(), cause);
    }
    String state = sql.getSQLState() == null ? "" : sql.getSQLState();
    String server = primaryMessage(sql);
    String said = server + " (SQLSTATE " + state + ")";
    if (state.startsWith("28")) {
      return new NotAuthenticatedException("not authenticated: " + said + "; use a user session", state, cause);
    }
    if (state.equals("42501")) {
      return new AccessDeniedException("access denied: " + said, state, cause);
    }
    if (state.equals("P0002")) {
      return new NotFoundException("not found: " + said, state, cause);
    }
    if (state.startsWith("22") || state.equals("23502") || state.equals("23514")) {
      return new InvalidInputException(fieldOf(sql), server + " (SQLSTATE " + state + ")", state, cause);
    }
    if (state.equals("23505") || state.equals("23503") || state.equals("40001") || state.equals("40P01")
        || state.equals("55P03") || state.equals("25006")) {
      return new ConflictException("conflict: " + said + "; the data changed or is in use, retrying may succeed",
          state, cause);
    }
    if (state.startsWith("08") || state.startsWith("53") || state.equals("57014") || state.startsWith("57P")) {
      return new UnavailableException("database unavailable: " + said + "; retry later", state, cause);
    }
    return new InrvoException("database error: " + said, state.isEmpty() ? null : state, cause);
  }

  private static String primaryMessage(SQLException sql) {
    if (sql instanceof PSQLException p) {
      ServerErrorMessage message = p.getServerErrorMessage();
      if (message != null && message.getMessage() != null) {
        return message.getMessage(); // never the DETAIL, which can carry other rows' values
      }
    }
    String message = sql.getMessage();
    int detail = message == null ? -1 : message.indexOf("\n  Detail:");
    return detail < 0 ? String.valueOf(message) : message.substring(0, detail);
  }

  private static String fieldOf(SQLException sql) {
    if (sql instanceof PSQLException p && p.getServerErrorMessage() != null) {
      ServerErrorMessage m = p.getServerErrorMessage();
      if (m.getColumn() != null) {
        return m.getColumn();
      }
      if (m.getConstraint() != null) {
        return m.getConstraint();
      }
    }
    return "input";
  }

  private static SQLException findSqlException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        return s;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
