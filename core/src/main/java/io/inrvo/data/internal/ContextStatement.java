package io.inrvo.data.internal;

import io.inrvo.data.Caller;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;

/**
 * The request context a transaction starts with, as PostgREST sets it: {@code select
 * set_config('role', ?, true), set_config('request.jwt.claims', ?, true),
 * set_config('statement_timeout', ?, true)}, plus {@code transaction_read_only} for reads. Every
 * setting is transaction-local, so the connection goes back to the pool exactly as it came, also
 * through a transaction pooler. One instance per {@code Inrvo}: it carries the statement timeout.
 */
final class ContextStatement {

  private static final String CONTEXT =
      "select set_config('role', %s, true), set_config('request.jwt.claims', %s, true), "
          + "set_config('statement_timeout', %s, true)";
  /** Names the query of a write's commit position, alike for every operation. */
  static final String COMMIT_POSITION = Operation.comment("commit.position");
  private static final String READ_ONLY = ", set_config('transaction_read_only', 'on', true)";
  private static final String SQL = CONTEXT.formatted("?", "?", "?");
  private static final String READ_ONLY_SQL = SQL + READ_ONLY;
  // jOOQ templates: {0}..{2} are the context's bind values; the statement {3}, rendered with its
  // binds, follows the comment of its operation.
  private static final String PIPELINE = Operation.CONTEXT_COMMENT + CONTEXT.formatted("{0}", "{1}", "{2}") + ";\n";
  private static final String READ_ONLY_PIPELINE =
      Operation.CONTEXT_COMMENT + CONTEXT.formatted("{0}", "{1}", "{2}") + READ_ONLY + ";\n";

  private final String statementTimeout;

  ContextStatement(Duration statementTimeout) {
    this.statementTimeout = Long.toString(statementTimeout.toMillis());
  }

  /** The statement timeout this context sets, in milliseconds. */
  String statementTimeout() {
    return statementTimeout;
  }

  /** The context statement with {@code ?} for the role, the claims and the timeout. */
  static String sql(boolean readOnly) {
    return readOnly ? READ_ONLY_SQL : SQL;
  }

  /** The context statement and {@code sql}, as one string for the one-round-trip protocol. */
  static String pipeline(boolean readOnly, String sql) {
    return sql(readOnly) + ";\n" + sql;
  }

  /**
   * {@link #pipeline} as sent: the context statement named {@code context}, {@code sql} named
   * after {@code operation}.
   */
  static String namedPipeline(boolean readOnly, Operation operation, String sql) {
    return Operation.CONTEXT_COMMENT + sql(readOnly) + ";\n" + operation.comment() + sql;
  }

  /**
   * {@link #pipeline} for a write whose commit position the caller needs, as one string still:
   * {@code begin}, the context, {@code sql}, {@code commit}, then {@code select
   * pg_current_wal_insert_lsn()}, which runs after the commit record was written, so its position
   * is at or past the commit's. The explicit transaction block makes the commit happen before the
   * last statement rather than at the end of the round trip. {@code begin}, {@code sql} and
   * {@code commit} are led by {@code comment} (the operation's), the position query by {@code
   * commit.position}.
   */
  static String committedPipeline(String comment, String sql) {
    return comment + "begin;\n" + Operation.CONTEXT_COMMENT + sql(false) + ";\n" + comment + sql + ";\n" + comment
        + "commit;\n" + COMMIT_POSITION + "select pg_current_wal_insert_lsn()";
  }

  /** Sets the context as the first statement of the open transaction of {@code dsl}. */
  void set(DSLContext dsl, Caller caller, boolean readOnly) {
    dsl.resultQuery(Operation.CONTEXT_COMMENT + sql(readOnly), caller.databaseRole(), claims(caller),
        statementTimeout).fetch();
  }

  /**
   * The context statement followed by {@code statement}, as one jOOQ query of two statements, the
   * second named after {@code operation}.
   */
  ResultQuery<Record> before(DSLContext dsl, Caller caller, String claims, boolean readOnly, Operation operation,
      ResultQuery<?> statement) {
    return dsl.resultQuery((readOnly ? READ_ONLY_PIPELINE : PIPELINE) + operation.comment() + "{3}",
        DSL.val(caller.databaseRole()), DSL.val(claims), DSL.val(statementTimeout), statement);
  }

  /**
   * Binds the context's values as the first parameters of a {@link #pipeline} statement.
   *
   * @return the index of the statement's first parameter
   */
  int bind(PreparedStatement ps, Caller caller, String claims) throws SQLException {
    ps.setString(1, caller.databaseRole());
    ps.setString(2, claims);
    ps.setString(3, statementTimeout);
    return 4;
  }

  /** The context statement with its values inlined, as a statement listener sees it. */
  String inlined(Caller caller, String claims, boolean readOnly) {
    return Rendering.RENDERER.renderInlined(
        Rendering.RENDERER.resultQuery(sql(readOnly), caller.databaseRole(), claims, statementTimeout));
  }

  /** The claims JSON PostgREST would set for this caller's JWT. */
  static String claims(Caller caller) {
    StringBuilder json = new StringBuilder(96).append('{');
    caller.userId().ifPresent(id -> json.append("\"sub\":\"").append(id).append("\","));
    json.append("\"role\":\"").append(caller.databaseRole()).append('"');
    caller.email().ifPresent(email -> json.append(",\"email\":").append(jsonString(email)));
    return json.append('}').toString();
  }

  private static String jsonString(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
