package io.inrvo.data.internal;

import io.inrvo.data.Caller;
import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.StatementListener;
import java.time.Duration;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bridges jOOQ's execute events to a {@link StatementListener}, for one transaction's caller. */
final class StatementReporter implements ExecuteListener {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(StatementReporter.class);
  private static final String START = "inrvo.start";

  private final transient StatementListener listener;
  private final Caller caller;

  StatementReporter(StatementListener listener, Caller caller) {
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
    String sql = ctx.sql() == null ? "" : ctx.sql();
    String inlined = ctx.query() != null ? ctx.dsl().renderInlined(ctx.query()) : sql;
    try {
      listener.executed(new ExecutedStatement(caller, sql, inlined, Duration.ofNanos(elapsed), ctx.rows()));
    } catch (RuntimeException e) {
      LOG.warn("statement listener failed; ignored", e);
    }
  }
}
