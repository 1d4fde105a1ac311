package io.inrvo.data.internal;

import io.inrvo.data.AccessDeniedException;
import io.inrvo.data.Caller;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InrvoOptions;
import io.inrvo.data.Session;
import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.StatementListener;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultConnectionProvider;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Inrvo} implementation: owns the options, the jOOQ configuration and the transaction
 * protocol every repository call follows.
 *
 * <p>Two protocols, both ending with every setting gone:
 *
 * <ul>
 *   <li>{@link #pipelined}, for work that is one statement (most repository calls): the context
 *       statement and the work are sent as one multi-statement string in autocommit mode. pgjdbc
 *       sends both with a single Sync, and PostgreSQL runs everything before a Sync as one
 *       implicit transaction: one round trip in all, where BEGIN, context, statement and COMMIT
 *       would take three.
 *   <li>{@link #transaction}, for work of several statements: borrow a connection; {@code
 *       setAutoCommit(false)} (pgjdbc sends nothing yet, it prefixes BEGIN to the first
 *       statement); the context statement; the work; COMMIT.
 * </ul>
 *
 * <p>The context statement is {@code select set_config('role', ?, true),
 * set_config('request.jwt.claims', ?, true), set_config('statement_timeout', ?, true)} (plus
 * {@code transaction_read_only} for reads). Every setting is transaction-local, so the connection
 * goes back to the pool exactly as it came, also through a transaction pooler.
 */
public final class Runtime implements Inrvo {

  private static final Logger LOG = LoggerFactory.getLogger(Runtime.class);

  private static final String CONTEXT =
      "select set_config('role', %s, true), set_config('request.jwt.claims', %s, true), "
          + "set_config('statement_timeout', %s, true)";
  private static final String READ_ONLY = ", set_config('transaction_read_only', 'on', true)";
  private static final String CONTEXT_SQL = CONTEXT.formatted("?", "?", "?");
  private static final String READ_ONLY_CONTEXT_SQL = CONTEXT_SQL + READ_ONLY;
  // jOOQ templates: {0}..{2} are the context's bind values, {3} the statement, rendered with its binds.
  private static final String PIPELINE_SQL = CONTEXT.formatted("{0}", "{1}", "{2}") + ";\n{3}";
  private static final String READ_ONLY_PIPELINE_SQL = CONTEXT.formatted("{0}", "{1}", "{2}") + READ_ONLY + ";\n{3}";

  private final InrvoOptions options;
  private final DataSource dataSource;
  private final Configuration base;
  private final CursorCodec cursors;
  private final String statementTimeout;

  private Runtime(InrvoOptions options) {
    this.options = options;
    this.dataSource = options.dataSource();
    this.base = new DefaultConfiguration()
        .set(SQLDialect.POSTGRES)
        .set(settings());
    this.cursors = new CursorCodec(options.cursorSigningKey());
    this.statementTimeout = Long.toString(options.statementTimeout().toMillis());
  }

  /** How the library renders and binds SQL: schema-qualified names, no jOOQ execute logging. */
  static Settings settings() {
    // Timestamps bound and read as OffsetDateTime (UTC from pgjdbc), as fixed statements read them,
    // not parsed from text at the session time zone's offset: both paths return equal values.
    return new Settings().withExecuteLogging(false).withRenderSchema(true).withBindOffsetDateTimeType(true);
  }

  /** An instance for {@code options}. */
  public static Inrvo create(InrvoOptions options) {
    return new Runtime(Objects.requireNonNull(options, "options"));
  }

  @Override
  public Session session(Caller caller) {
    return new ScopedSession(new Scope(this, Objects.requireNonNull(caller, "caller"), null));
  }

  @Override
  public InrvoOptions options() {
    return options;
  }

  /** The cursor codec of this instance. */
  public CursorCodec cursors() {
    return cursors;
  }

  /**
   * Fails unless the caller is an admin session and the database's {@code is_admin()} agrees, in
   * the transaction of {@code dsl}.
   */
  public static void requireAdmin(DSLContext dsl, Caller caller) {
    if (caller.kind() != Caller.Kind.ADMIN) {
      throw new AccessDeniedException("admin calls need an admin session (Inrvo.asAdmin), this is " + caller.scope());
    }
    Boolean admin = io.inrvo.data.model.Routines.isAdmin(dsl.configuration());
    if (!Boolean.TRUE.equals(admin)) {
      throw new AccessDeniedException("the database does not confirm " + caller.scope() + " as an admin");
    }
  }

  <T> T transaction(Caller caller, boolean readOnly, Function<DSLContext, T> work) {
    Connection connection = null;
    boolean committed = false;
    try {
      connection = dataSource.getConnection();
      connection.setAutoCommit(false);
      DSLContext dsl = DSL.using(configuration(connection, caller));
      dsl.resultQuery(readOnly ? READ_ONLY_CONTEXT_SQL : CONTEXT_SQL,
          caller.databaseRole(), claims(caller), statementTimeout).fetch();
      T result = work.apply(dsl);
      connection.commit();
      committed = true;
      return result;
    } catch (SQLException | RuntimeException e) {
      throw Errors.translate(e);
    } finally {
      if (connection != null) {
        Connections.release(connection, committed);
      }
    }
  }

  /**
   * Runs one statement in its own implicit transaction, in one round trip with the context
   * statement (see the class description), and returns its rows. A statement listener hears the
   * context statement and the work as two statements, as with {@link #transaction}.
   */
  List<Record> pipelined(Caller caller, boolean readOnly, Function<DSLContext, ? extends ResultQuery<?>> work) {
    Connection connection = null;
    try {
      connection = autocommitConnection();
      DSLContext dsl = DSL.using(base.derive(new DefaultConnectionProvider(connection)));
      ResultQuery<?> statement = work.apply(dsl);
      String claims = claims(caller);
      long started = System.nanoTime();
      Result<Record> rows = null;
      try {
        rows = fetchSecond(dsl, dsl.resultQuery(readOnly ? READ_ONLY_PIPELINE_SQL : PIPELINE_SQL,
            DSL.val(caller.databaseRole()), DSL.val(claims), DSL.val(statementTimeout), statement), statement);
      } finally {
        // reported whether it succeeded or not, like every other statement
        reportPipelined(caller, readOnly, claims, () -> dsl.render(statement), () -> dsl.renderInlined(statement),
            started, rows);
      }
      return Collections.unmodifiableList(rows);
    } catch (SQLException | RuntimeException e) {
      throw Errors.translate(e);
    } finally {
      close(connection);
    }
  }

  /**
   * {@link #pipelined} for a {@link FixedStatement}: the same protocol (one round trip, one
   * implicit transaction), its SQL rendered once and its rows mapped by position with plain JDBC.
   */
  <R> List<R> pipelined(Caller caller, FixedStatement.Call<R> call) {
    FixedStatement<R> statement = call.statement();
    call.requireBound(); // a programming error, before any connection is borrowed
    String claims = claims(caller);
    Connection connection = null;
    boolean attempted = false;
    long started = 0;
    List<R> rows = null;
    try {
      connection = autocommitConnection();
      attempted = true;
      started = System.nanoTime();
      try (PreparedStatement ps = connection.prepareStatement(statement.pipelineSql())) {
        ps.setString(1, caller.databaseRole());
        ps.setString(2, claims);
        ps.setString(3, statementTimeout);
        call.setParameters(ps, 4);
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
      throw Errors.translate(e);
    } finally {
      if (attempted) {
        // reported whether it succeeded or not, like every other statement
        reportPipelined(caller, statement.readOnly(), claims, statement::sql, call::inlined, started, rows);
      }
      close(connection);
    }
  }

  /**
   * Runs a {@link FixedStatement} as one statement of the open transaction of {@code dsl} ({@code
   * Session.inTransaction}), reported to the statement listener like the transaction's others.
   */
  <R> List<R> fetchInOpenTransaction(DSLContext dsl, Caller caller, FixedStatement.Call<R> call) {
    FixedStatement<R> statement = call.statement();
    call.requireBound();
    Connection connection = dsl.configuration().connectionProvider().acquire();
    long started = System.nanoTime();
    List<R> rows = null;
    try (PreparedStatement ps = connection.prepareStatement(statement.sql())) {
      call.setParameters(ps, 1);
      try (ResultSet rs = ps.executeQuery()) {
        rows = call.map(rs);
      }
      return Collections.unmodifiableList(rows);
    } catch (SQLException | RuntimeException e) {
      throw Errors.translate(e);
    } finally {
      long elapsed = System.nanoTime() - started;
      int count = rows == null ? -1 : rows.size();
      options.statementListener().ifPresent(listener -> tell(listener,
          () -> new ExecutedStatement(caller, statement.sql(), call.inlined(), Duration.ofNanos(elapsed), count)));
      dsl.configuration().connectionProvider().release(connection);
    }
  }

  /** The context statement and {@code sql}, as one string for {@link #pipelined}. */
  static String pipeline(boolean readOnly, String sql) {
    return (readOnly ? READ_ONLY_CONTEXT_SQL : CONTEXT_SQL) + ";\n" + sql;
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

  /** Tells the listener, if any, about a pipelined call: its context statement, then its statement. */
  private void reportPipelined(Caller caller, boolean readOnly, String claims, Supplier<String> sql,
      Supplier<String> inlined, long startedNanos, List<?> rows) {
    Optional<StatementListener> listener = options.statementListener();
    if (listener.isEmpty()) {
      return;
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
    String context = readOnly ? READ_ONLY_CONTEXT_SQL : CONTEXT_SQL;
    tell(listener.get(), () -> new ExecutedStatement(caller, context, FixedStatement.RENDERER.renderInlined(
        FixedStatement.RENDERER.resultQuery(context, caller.databaseRole(), claims, statementTimeout)),
        Duration.ZERO, 1));
    tell(listener.get(),
        () -> new ExecutedStatement(caller, sql.get(), inlined.get(), elapsed, rows == null ? -1 : rows.size()));
  }

  /** Builds and hands over a report; nothing the listener or the rendering throws reaches the caller. */
  private static void tell(StatementListener listener, Supplier<ExecutedStatement> statement) {
    try {
      listener.executed(statement.get());
    } catch (RuntimeException e) {
      LOG.warn("statement listener failed; ignored", e);
    }
  }

  /** A pooled connection in autocommit, as the one-round-trip protocol needs it. */
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

  private Configuration configuration(Connection connection, Caller caller) {
    Configuration configuration = base.derive(new DefaultConnectionProvider(connection));
    return options.statementListener()
        .map(l -> configuration.derive(new DefaultExecuteListenerProvider(new StatementReporter(l, caller))))
        .orElse(configuration);
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
