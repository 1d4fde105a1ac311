package io.inrvo.data.internal;

import io.inrvo.data.InrvoOptions;
import org.jooq.Configuration;
import org.jooq.SQLDialect;
import org.jooq.impl.DefaultConfiguration;

/**
 * What every session of one {@code Inrvo} runs its calls on: its options, the two protocols over
 * its data source, the one for calls inside the application's own transaction, and the codec that signs its cursors. Immutable and thread-safe.
 *
 * @param options the options the instance was built with
 * @param transactions the protocol for work of several statements
 * @param pipeline the one-round-trip protocol for work of one statement
 * @param joined the protocol for calls inside a transaction the application opened
 * @param cursors signs and reads the keyset cursors of this instance
 * @param operations names each repository call and reports it to the operation listener
 */
record Engine(InrvoOptions options, TransactionProtocol transactions, PipelineProtocol pipeline,
    JoinedProtocol joined, CursorCodec cursors, Operations operations) {

  /** The engine for {@code options}. */
  static Engine of(InrvoOptions options) {
    Configuration base = new DefaultConfiguration().set(SQLDialect.POSTGRES).set(Rendering.settings());
    ContextStatement context = new ContextStatement(options.statementTimeout());
    StatementReporting reporting = new StatementReporting(options.statementListener());
    return new Engine(options,
        new TransactionProtocol(options.dataSource(), base, context, reporting),
        new PipelineProtocol(options.dataSource(), base, context, reporting),
        new JoinedProtocol(base, context, reporting),
        new CursorCodec(options.cursorSigningKey()),
        new Operations(options.operationListener()));
  }
}
