package io.inrvo.data.internal;

import io.inrvo.data.model.Public;
import io.inrvo.data.model.Tables;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jooq.ForeignKey;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * What a database failure says, read once for {@code DatabaseErrors}: the SQLSTATE, the server's
 * primary message (never its DETAIL), the fields that tell situations with one SQLSTATE apart (the
 * routine that raised it, the constraint), and the failure to keep as the cause, stripped of every
 * part that can carry row values.
 *
 * @param state the SQLSTATE, or the empty string when the failure has none
 * @param message the primary message: the server's, or the driver's or pool's own
 * @param cause what the library's exception keeps as its cause
 * @param server the server's error fields, when the server sent the error
 * @param poolTimeout whether a pool gave no connection in time ({@link SQLTransientConnectionException})
 */
public record ServerFailure(String state, String message, SQLException cause, Optional<ServerErrorMessage> server,
    boolean poolTimeout) {

  /** The roles the library switches to; an error naming one while setting the role is about them. */
  private static final Pattern LIBRARY_ROLE = Pattern.compile("\\b(authenticated|service_role|anon)\\b");

  /**
   * What PgBouncer says when it gives a client no server connection in time: its pool is busy, or
   * it cannot log in to the server. PgBouncer reports these as protocol violations (08P01).
   */
  private static final Pattern POOLER_WAIT = Pattern.compile(
      "query_wait_timeout|query_timeout|no more connections allowed|server login has been failing"
          + "|cannot connect to server|server conn crashed");

  /** The foreign keys of every table that refer to a user's profile row. */
  private static final Set<String> USER_REFERENCES = Public.PUBLIC.getTables().stream()
      .flatMap(table -> table.getReferences().stream())
      .filter(key -> Arrays.equals(key.getKey().getTable().getQualifiedName().getName(),
          Tables.USERS.getQualifiedName().getName()))
      .map(ForeignKey::getName)
      .collect(Collectors.toUnmodifiableSet());

  /**
   * The facts of {@code failure}, the first {@link SQLException} of a cause chain (a batch's
   * failure is read from the statement that failed in it).
   *
   * @param failure the SQL failure
   * @return its facts
   */
  public static ServerFailure of(SQLException failure) {
    SQLException sql = failure instanceof BatchUpdateException b && b.getNextException() != null
        ? b.getNextException() // the batch's own message inlines every statement's values
        : failure;
    String state = sql.getSQLState() == null ? "" : sql.getSQLState();
    Optional<ServerErrorMessage> server = sql instanceof PSQLException p
        ? Optional.ofNullable(p.getServerErrorMessage())
        : Optional.empty();
    String message = server.map(ServerErrorMessage::getMessage).orElseGet(() -> withoutDetail(sql.getMessage()));
    return new ServerFailure(state, message, PrivateCause.of(sql), server, sql instanceof SQLTransientConnectionException);
  }

  /**
   * Whether the SQLSTATE is one of {@code states}, each a whole SQLSTATE or a class such as {@code 08}.
   *
   * @param states SQLSTATEs or classes
   * @return true when the SQLSTATE starts with one of them
   */
  public boolean is(String... states) {
    for (String prefix : states) {
      if (state.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The message and the SQLSTATE, as every message of the library quotes the database.
   *
   * @return {@code <message> (SQLSTATE <state>)}
   */
  public String said() {
    return message + " (SQLSTATE " + (state.isEmpty() ? "none" : state) + ")";
  }

  /**
   * Whether a database function raised it ({@code RAISE}), rather than the server itself (a
   * refused login, for example).
   *
   * @return true when PL/pgSQL raised the error
   */
  public boolean raisedByFunction() {
    return server.map(s -> "exec_stmt_raise".equals(s.getRoutine())
        || s.getWhere() != null && s.getWhere().startsWith("PL/pgSQL")).orElse(false);
  }

  /**
   * Failed while setting the role to one of the library's ({@code set_config('role', ...)} or
   * {@code SET ROLE}): the role is missing, or the login may not use it.
   *
   * @return true when setting the role to {@code authenticated}, {@code service_role} or {@code
   *     anon} failed
   */
  public boolean roleSwitch() {
    return server.map(s -> "call_string_check_hook".equals(s.getRoutine())
        && LIBRARY_ROLE.matcher(String.valueOf(s.getMessage())).find()).orElse(false);
  }

  /**
   * Whether a connection pooler (not PostgreSQL, which always names the routine) gave no server
   * connection in time: its pool is exhausted, or it cannot reach the server.
   *
   * @return true for PgBouncer's {@code query_wait_timeout} and its other waits for a server
   */
  public boolean poolerWait() {
    return server.map(s -> s.getRoutine() == null && POOLER_WAIT.matcher(String.valueOf(s.getMessage())).find())
        .orElse(false);
  }

  /**
   * Whether the failing constraint is a foreign key to a user's profile row ({@code public.users}).
   *
   * @return true for the {@code user_id} foreign keys of the library's tables
   */
  public boolean userReference() {
    return server.map(ServerErrorMessage::getConstraint).map(USER_REFERENCES::contains).orElse(false);
  }

  /**
   * What the database's error names as the offending input.
   *
   * @return a column, else a constraint, else {@code input}
   */
  public String field() {
    return server.map(s -> s.getColumn() != null ? s.getColumn() : s.getConstraint()).orElse("input");
  }

  private static String withoutDetail(String message) {
    if (message == null) {
      return "no message";
    }
    int detail = message.indexOf("\n  Detail:");
    return detail < 0 ? message : message.substring(0, detail);
  }
}
