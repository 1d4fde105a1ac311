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
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConnectionProvider;

/**
 * The protocol for work that is one statement (most repository calls): the {@linkplain
 * ContextStatement context statement} and the work are sent as one multi-statement string in
 * autocommit mode. pgjdbc sends both with a single Sync, and PostgreSQL runs everything before a
 * Sync as one implicit transaction: one round trip in all, where BEGIN, context, statement and
 * COMMIT would take three. A statement listener hears the context statement and the work as two
 * statements, as with the {@link TransactionProtocol}.
 */
final class PipelineProtocol {

  private final DataSource dataSource;
  /** Whether statements may be named after pgjdbc's threshold (InrvoOptions.serverPreparedStatements). */
  private final boolean serverPrepared;
  private final Configuration base;
  private final ContextStatement context;
  private final StatementReporting reporting;

  PipelineProtocol(DataSource dataSource, boolean serverPrepared, Configuration base, ContextStatement context,
      StatementReporting reporting) {
    this.dataSource = dataSource;
    this.serverPrepared = serverPrepared;
    this.base = base;
    this.context = context;
    this.reporting = reporting;
  }

  /** Runs one statement built with jOOQ in its own implicit transaction and returns its rows. */
  List<Record> fetch(Caller caller, boolean readOnly, Operation operation,
      Function<DSLContext, ? extends ResultQuery<?>> work) {
    Connections.Borrowed borrowed = null;
    try {
      borrowed = autocommitConnection();
      DSLContext dsl = DSL.using(base.derive(new DefaultConnectionProvider(borrowed.connection())));
      ResultQuery<?> statement = work.apply(dsl);
      String claims = ContextStatement.claims(caller);
      long started = System.nanoTime();
      Result<Record> rows = null;
      try {
        operation.roundTrip();
        rows = fetchSecond(dsl, context.before(dsl, caller, claims, readOnly, operation, statement), statement);
      } finally {
        // reported whether it succeeded or not, like every other statement
        reporting.pipelined(caller, context, readOnly, claims, () -> dsl.render(statement),
            () -> dsl.renderInlined(statement), started, rows);
      }
      return Collections.unmodifiableList(rows);
    } catch (SQLException | RuntimeException e) {
      throw DatabaseErrors.translate(e);
    } finally {
      giveBack(borrowed);
    }
  }

  /**
   * {@link #fetch(Caller, boolean, Operation, Function)} for a {@link FixedStatement}: the same
   * protocol, its SQL rendered once and its rows mapped by position with plain JDBC.
   */
  <R> List<R> fetch(Caller caller, Operation operation, FixedStatement.Call<R> call) {
    return fetch(caller, operation, call, null);
  }

  /**
   * {@link #fetch(Caller, Operation, FixedStatement.Call)} for a write whose commit position
   * {@code committed} receives, still in one round trip ({@link ContextStatement#committedPipeline}):
   * read replicas serve the session's next reads only once they have replayed that far.
   */
  <R> List<R> fetchCommitted(Caller caller, Operation operation, FixedStatement.Call<R> call, LongConsumer committed) {
    return fetch(caller, operation, call, committed);
  }

  private <R> List<R> fetch(Caller caller, Operation operation, FixedStatement.Call<R> call, LongConsumer committed) {
    FixedStatement<R> statement = call.statement();
    call.requireBound(); // a programming error, before any connection is borrowed
    String claims = ContextStatement.claims(caller);
    Connections.Borrowed borrowed = null;
    boolean attempted = false;
    long started = 0;
    List<R> rows = null;
    try {
      borrowed = autocommitConnection();
      attempted = true;
      started = System.nanoTime();
      String sql = committed == null ? statement.pipelineSql(operation) : statement.committedPipelineSql(operation);
      try (PreparedStatement ps = borrowed.connection().prepareStatement(sql)) {
        operation.roundTrip();
        call.setParameters(ps, context.bind(ps, caller, claims));
        if (!ps.execute()) {
          nextRows(ps); // past begin's empty result (committed) to the context statement's row
        }
        if (!nextRows(ps)) {
          throw new IllegalStateException("the pipelined statement returned no rows: " + statement.sql());
        }
        try (ResultSet rs = ps.getResultSet()) {
          rows = call.map(rs);
        }
        if (committed != null) {
          committed.accept(position(ps)); // after commit's empty result
        }
      }
      return Collections.unmodifiableList(rows);
    } catch (SQLException | RuntimeException e) {
      if (committed != null && borrowed != null) {
        rollBack(borrowed.connection(), operation); // an explicit block a failure left open must not go back to the pool
      }
      throw DatabaseErrors.translate(e);
    } finally {
      if (attempted) {
        // reported whether it succeeded or not, like every other statement
        reporting.pipelined(caller, context, statement.readOnly(), claims, statement::sql, call::inlined, started,
            rows);
      }
      giveBack(borrowed);
    }
  }

  /**
   * Executes the two-statement {@code pipeline} and reads the second statement's rows with the
   * fields of {@code statement}, so every value has the Java type the generated model declares.
   */
  private static Result<Record> fetchSecond(DSLContext dsl, ResultQuery<Record> pipeline, ResultQuery<?> statement)
      throws SQLException {
    try (ResultSet context = pipeline.fetchResultSet()) {
      java.sql.Statement jdbc = context.getStatement();
      if (!jdbc.getMoreResults()) {
        throw new IllegalStateException("the pipelined statement returned no rows: " + dsl.render(statement));
      }
      try (ResultSet rows = jdbc.getResultSet()) {
        Field<?>[] fields = statement.fields();
        return fields.length == 0 ? dsl.fetch(rows) : dsl.fetch(rows, fields);
      }
    }
  }

  /** Moves to the next result that has rows; false when none is left. */
  private static boolean nextRows(java.sql.Statement statement) throws SQLException {
    while (true) {
      if (statement.getMoreResults()) {
        return true;
      }
      if (statement.getUpdateCount() == -1) {
        return false;
      }
    }
  }

  private static long position(java.sql.Statement statement) throws SQLException {
    if (!nextRows(statement)) {
      throw new IllegalStateException("the commit position was not returned");
    }
    try (ResultSet rs = statement.getResultSet()) {
      rs.next();
      return Lsn.parse(rs.getString(1));
    }
  }

  private static void rollBack(Connection connection, Operation operation) {
    try (java.sql.Statement statement = connection.createStatement()) {
      statement.execute(operation.comment() + "rollback");
    } catch (SQLException ignored) {
      // broken: closing it lets the pool discard it
    }
  }

  /** A pooled connection in autocommit, as this protocol needs it, its statements unnamed. */
  private Connections.Borrowed autocommitConnection() throws SQLException {
    Connections.Borrowed borrowed = Connections.borrow(dataSource, serverPrepared);
    try {
      if (!borrowed.connection().getAutoCommit()) {
        borrowed.connection().setAutoCommit(true);
      }
      return borrowed;
    } catch (SQLException | RuntimeException e) {
      borrowed.giveBack(); // broken: the pool discards it
      throw e;
    }
  }

  private static void giveBack(Connections.Borrowed borrowed) {
    if (borrowed != null) {
      borrowed.giveBack();
    }
  }
}
