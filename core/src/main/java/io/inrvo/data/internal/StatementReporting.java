package io.inrvo.data.internal;

import io.inrvo.data.Caller;
import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.StatementListener;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jooq.Configuration;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteListenerProvider;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the {@link StatementListener}, if one is configured, about every statement the library
 * sends: the statements jOOQ executes in a transaction, the two statements of a one-round-trip
 * call, and the fixed statements run inside an open transaction. Reports are built only when a
 * listener exists; nothing the listener or the rendering throws reaches the caller.
 */
final class StatementReporting {

  private static final Logger LOG = LoggerFactory.getLogger(StatementReporting.class);

  private final Optional<StatementListener> listener;

  StatementReporting(Optional<StatementListener> listener) {
    this.listener = listener;
  }

  /**
   * {@code configuration}, naming what jOOQ executes with it after its operation ({@link
   * OperationSlot}) and reporting it for {@code caller}.
   */
  Configuration reporting(Configuration configuration, Caller caller) {
    ExecuteListenerProvider naming = new DefaultExecuteListenerProvider(OperationSlot.Naming.INSTANCE);
    return configuration.derive(listener
        .map(l -> new ExecuteListenerProvider[] {naming, new DefaultExecuteListenerProvider(new JooqReporter(l, caller))})
        .orElseGet(() -> new ExecuteListenerProvider[] {naming}));
  }

  /**
   * Reports a one-round-trip call as two statements: its context statement (zero time, one row),
   * then its statement, with the time of the round trip and its rows ({@code null} when it failed).
   */
  void pipelined(Caller caller, ContextStatement context, boolean readOnly, String claims, Supplier<String> sql,
      Supplier<String> inlined, long startedNanos, List<?> rows) {
    if (listener.isEmpty()) {
      return;
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
    tell(listener.get(), () -> new ExecutedStatement(caller, ContextStatement.sql(readOnly),
        context.inlined(caller, claims, readOnly), Duration.ZERO, 1));
    tell(listener.get(),
        () -> new ExecutedStatement(caller, sql.get(), inlined.get(), elapsed, rows == null ? -1 : rows.size()));
  }

  /** Reports one statement run since {@code startedNanos}; {@code rows} is null when it failed. */
  void executed(Caller caller, String sql, Supplier<String> inlined, long startedNanos, List<?> rows) {
    if (listener.isEmpty()) {
      return;
    }
    long elapsed = System.nanoTime() - startedNanos;
    int count = rows == null ? -1 : rows.size();
    tell(listener.get(), () -> new ExecutedStatement(caller, sql, inlined.get(), Duration.ofNanos(elapsed), count));
  }

  /** Builds and hands over a report; nothing the listener or the rendering throws reaches the caller. */
  private static void tell(StatementListener listener, Supplier<ExecutedStatement> statement) {
    try {
      listener.executed(statement.get());
    } catch (RuntimeException e) {
      LOG.warn("statement listener failed; ignored", e);
    }
  }

  /** Bridges jOOQ's execute events to a {@link StatementListener}, for one transaction's caller. */
  private static final class JooqReporter implements ExecuteListener {

    private static final long serialVersionUID = 1L;
    private static final String START = "inrvo.start";

    private final transient StatementListener listener;
    private final Caller caller;

    JooqReporter(StatementListener listener, Caller caller) {
      this.listener = listener;
      this.caller = caller;
    }

    @Override
    public void executeStart(ExecuteContext ctx) {
      ctx.data(START, System.nanoTime());
    }

    @Override
    public void executeEnd(ExecuteContext ctx) {
      report(ctx);
    }

    @Override
    public void exception(ExecuteContext ctx) {
      if (ctx.data(START) != null) {
        report(ctx);
      }
    }

    private void report(ExecuteContext ctx) {
      Object start = ctx.data(START);
      long elapsed = start instanceof Long s ? System.nanoTime() - s : 0;
      String sql = ctx.sql() == null ? "" : Operation.withoutComment(ctx.sql());
      String inlined = ctx.query() != null ? ctx.dsl().renderInlined(ctx.query()) : sql;
      try {
        listener.executed(new ExecutedStatement(caller, sql, inlined, Duration.ofNanos(elapsed), ctx.rows()));
      } catch (RuntimeException e) {
        LOG.warn("statement listener failed; ignored", e);
      }
    }
  }
}
