package io.inrvo.data.internal;

import io.inrvo.data.Caller;
import io.inrvo.data.DatabaseErrors;
import io.inrvo.data.SurroundingTransaction;
import java.sql.SQLException;
import java.util.function.Function;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConnectionProvider;

/**
 * The protocol for a call inside a transaction the application opened ({@link
 * SurroundingTransaction}): on that transaction's connection, remember the role, claims and
 * statement timeout the transaction has and set the caller's (one statement, transaction-local);
 * the work; put the remembered values back. Never commits, rolls back or closes: a failure marks
 * the transaction rollback-only and leaves as the library's exception. Reads do not set {@code
 * transaction_read_only}, which cannot be undone inside a transaction. For the length of the call
 * the connection's prepare threshold is 0, as on the library's own connections ({@link
 * Connections}): its statements run unnamed behind a transaction pooler too, and the application's
 * own statements get the connection's threshold back afterwards.
 */
final class JoinedProtocol {

  // The materialized CTE is read before the select list runs, so it sees the values from before.
  private static final String JOIN = "with outer_context as materialized (select current_setting('role') as r, "
      + "current_setting('request.jwt.claims', true) as c, current_setting('statement_timeout') as t) "
      + "select r, c, t, set_config('role', ?, true), set_config('request.jwt.claims', ?, true), "
      + "set_config('statement_timeout', ?, true) from outer_context";
  private static final String RESTORE = "select set_config('role', ?, true), "
      + "set_config('request.jwt.claims', ?, true), set_config('statement_timeout', ?, true)";

  /** Whether statements may be named after pgjdbc's threshold (InrvoOptions.serverPreparedStatements). */
  private final boolean serverPrepared;
  private final Configuration base;
  private final ContextStatement context;
  private final StatementReporting reporting;

  JoinedProtocol(boolean serverPrepared, Configuration base, ContextStatement context, StatementReporting reporting) {
    this.serverPrepared = serverPrepared;
    this.base = base;
    this.context = context;
    this.reporting = reporting;
  }

  /**
   * Runs {@code work} in {@code transaction} under {@code caller}'s context, and restores the
   * transaction's own; its statements (these two included) named after {@code operation}.
   */
  <T> T run(SurroundingTransaction.Joined transaction, Caller caller, Operation operation,
      Function<DSLContext, T> work) {
    Connections.Borrowed unnamed;
    try {
      unnamed = Connections.unnamed(transaction.connection(), serverPrepared);
    } catch (SQLException | RuntimeException e) {
      transaction.setRollbackOnly();
      throw DatabaseErrors.translate(e);
    }
    try {
      return runUnnamed(transaction, caller, operation, work);
    } finally {
      unnamed.restore();
    }
  }

  private <T> T runUnnamed(SurroundingTransaction.Joined transaction, Caller caller, Operation operation,
      Function<DSLContext, T> work) {
    DSLContext dsl = DSL.using(OperationSlot.install(reporting.reporting(
        base.derive(new DefaultConnectionProvider(transaction.connection())), caller), operation));
    Record outer;
    try {
      outer = dsl.resultQuery(JOIN, caller.databaseRole(), ContextStatement.claims(caller), context.statementTimeout())
          .fetchOne();
    } catch (RuntimeException e) {
      transaction.setRollbackOnly();
      throw DatabaseErrors.translate(e);
    }
    T result;
    try {
      result = work.apply(dsl);
    } catch (RuntimeException e) {
      transaction.setRollbackOnly();
      try {
        restore(dsl, outer); // a failure other than the database's leaves the transaction usable
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed); // an aborted transaction refuses it; it rolls back anyway
      }
      throw DatabaseErrors.translate(e);
    }
    try {
      restore(dsl, outer);
    } catch (RuntimeException e) {
      transaction.setRollbackOnly();
      throw DatabaseErrors.translate(e);
    }
    return result;
  }

  private static void restore(DSLContext dsl, Record outer) {
    dsl.resultQuery(RESTORE, outer.get(0, String.class), outer.get(1, String.class), outer.get(2, String.class))
        .fetch();
  }
}
