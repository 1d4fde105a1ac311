package io.inrvo.data.internal;

import io.inrvo.data.Caller;
import io.inrvo.data.DatabaseErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConnectionProvider;

/**
 * The protocol for work of several statements: borrow a connection; {@code setAutoCommit(false)}
 * (pgjdbc sends nothing yet, it prefixes BEGIN to the first statement); the {@linkplain
 * ContextStatement context statement}; the work; COMMIT. A failure rolls back, and leaves as the
 * library's exception; the connection goes back to the pool in autocommit mode. Every statement is
 * named after the operation running it ({@link OperationSlot}), which counts the round trips:
 * BEGIN with the context statement, each statement, and COMMIT or ROLLBACK.
 */
final class TransactionProtocol {

  private final DataSource dataSource;
  /** Whether statements may be named after pgjdbc's threshold (InrvoOptions.serverPreparedStatements). */
  private final boolean serverPrepared;
  private final Configuration base;
  private final ContextStatement context;
  private final StatementReporting reporting;

  TransactionProtocol(DataSource dataSource, boolean serverPrepared, Configuration base, ContextStatement context,
      StatementReporting reporting) {
    this.dataSource = dataSource;
    this.serverPrepared = serverPrepared;
    this.base = base;
    this.context = context;
    this.reporting = reporting;
  }

  /**
   * Runs {@code work} in one transaction under {@code caller}'s context, committed when it returns,
   * its statements named after {@code operation}.
   */
  <T> T run(Caller caller, boolean readOnly, Operation operation, Function<DSLContext, T> work) {
    int before = operation.roundTrips();
    try {
      return PlainTransaction.run(dataSource, serverPrepared,
          connection -> DSL.using(OperationSlot.install(
              reporting.reporting(base.derive(new DefaultConnectionProvider(connection)), caller), operation)),
          true, dsl -> {
            context.set(dsl, caller, readOnly);
            return work.apply(dsl);
          });
    } finally {
      if (operation.roundTrips() > before) {
        operation.roundTrip(); // COMMIT, or ROLLBACK
      }
    }
  }

  /**
   * Runs a {@link FixedStatement} as one statement of the open transaction of {@code dsl} ({@code
   * Session.inTransaction}), reported to the statement listener like the transaction's others.
   */
  <R> List<R> fetch(DSLContext dsl, Caller caller, Operation operation, FixedStatement.Call<R> call) {
    FixedStatement<R> statement = call.statement();
    call.requireBound();
    Connection connection = dsl.configuration().connectionProvider().acquire();
    long started = System.nanoTime();
    List<R> rows = null;
    try (PreparedStatement ps = connection.prepareStatement(operation.comment() + statement.sql())) {
      operation.roundTrip();
      call.setParameters(ps, 1);
      try (ResultSet rs = ps.executeQuery()) {
        rows = call.map(rs);
      }
      return Collections.unmodifiableList(rows);
    } catch (SQLException | RuntimeException e) {
      throw DatabaseErrors.translate(e);
    } finally {
      reporting.executed(caller, statement.sql(), call::inlined, started, rows);
      dsl.configuration().connectionProvider().release(connection);
    }
  }
}
