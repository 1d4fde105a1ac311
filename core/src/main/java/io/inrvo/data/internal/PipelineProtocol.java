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
  private final Configuration base;
  private final ContextStatement context;
  private final StatementReporting reporting;

  PipelineProtocol(DataSource dataSource, Configuration base, ContextStatement context, StatementReporting reporting) {
    this.dataSource = dataSource;
    this.base = base;
    this.context = context;
    this.reporting = reporting;
  }

  /** Runs one statement built with jOOQ in its own implicit transaction and returns its rows. */
  List<Record> fetch(Caller caller, boolean readOnly, Operation operation,
      Function<DSLContext, ? extends ResultQuery<?>> work) {
    Connection connection = null;
    try {
      connection = autocommitConnection();
      DSLContext dsl = DSL.using(base.derive(new DefaultConnectionProvider(connection)));
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
      close(connection);
    }
  }

  /**
   * {@link #fetch(Caller, boolean, Operation, Function)} for a {@link FixedStatement}: the same
   * protocol, its SQL rendered once and its rows mapped by position with plain JDBC.
   */
  <R> List<R> fetch(Caller caller, Operation operation, FixedStatement.Call<R> call) {
    FixedStatement<R> statement = call.statement();
    call.requireBound(); // a programming error, before any connection is borrowed
    String claims = ContextStatement.claims(caller);
    Connection connection = null;
    boolean attempted = false;
    long started = 0;
    List<R> rows = null;
    try {
      connection = autocommitConnection();
      attempted = true;
      started = System.nanoTime();
      try (PreparedStatement ps = connection.prepareStatement(statement.pipelineSql(operation))) {
        operation.roundTrip();
        call.setParameters(ps, context.bind(ps, caller, claims));
        ps.execute(); // the context statement's row comes first
        if (!ps.getMoreResults()) {
          throw new IllegalStateException("the pipelined statement returned no rows: " + statement.sql());
        }
        try (ResultSet rs = ps.getResultSet()) {
          rows = call.map(rs);
        }
      }
      return Collections.unmodifiableList(rows);
    } catch (SQLException | RuntimeException e) {
      throw DatabaseErrors.translate(e);
    } finally {
      if (attempted) {
        // reported whether it succeeded or not, like every other statement
        reporting.pipelined(caller, context, statement.readOnly(), claims, statement::sql, call::inlined, started,
            rows);
      }
      close(connection);
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

  /** A pooled connection in autocommit, as this protocol needs it. */
  private Connection autocommitConnection() throws SQLException {
    Connection connection = dataSource.getConnection();
    try {
      if (!connection.getAutoCommit()) {
        connection.setAutoCommit(true);
      }
      return connection;
    } catch (SQLException | RuntimeException e) {
      close(connection); // broken: the pool discards it
      throw e;
    }
  }

  private static void close(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // nothing left to do with a connection that cannot even close
      }
    }
  }
}
