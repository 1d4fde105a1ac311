package io.inrvo.data.internal;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The driver exception the library keeps as a cause, without what can carry row values. A server
 * error's DETAIL ({@code Key (user_id)=(...)}, {@code Failing row contains (...)}), HINT, WHERE
 * and internal query can show other users' data, and pgjdbc prints them in the exception's message,
 * so in every logged stack trace. The copy keeps the class ({@link PSQLException}), the SQLSTATE,
 * the severity, the primary message, the names of the schema, table, column, type and constraint,
 * the server's source location, and the stack trace; it leaves out the rest.
 */
final class PrivateCause {

  private PrivateCause() {}

  /** {@code sql} itself when it carries no server error, else its copy without row values. */
  static SQLException of(SQLException sql) {
    if (!(sql instanceof PSQLException p) || p.getServerErrorMessage() == null) {
      return sql;
    }
    ServerErrorMessage server = p.getServerErrorMessage();
    // the wire format ServerErrorMessage parses: a field's code, its value, a NUL
    StringBuilder fields = new StringBuilder();
    field(fields, 'S', server.getSeverity());
    field(fields, 'C', server.getSQLState());
    field(fields, 'M', server.getMessage());
    field(fields, 's', server.getSchema());
    field(fields, 't', server.getTable());
    field(fields, 'c', server.getColumn());
    field(fields, 'd', server.getDatatype());
    field(fields, 'n', server.getConstraint());
    field(fields, 'F', server.getFile());
    field(fields, 'L', server.getLine() == 0 ? null : Integer.toString(server.getLine()));
    field(fields, 'R', server.getRoutine());
    PSQLException copy = new PSQLException(new ServerErrorMessage(fields.toString()), false);
    copy.setStackTrace(p.getStackTrace());
    return copy;
  }

  private static void field(StringBuilder fields, char code, String value) {
    if (value != null) {
      fields.append(code).append(value).append('\0');
    }
  }
}
