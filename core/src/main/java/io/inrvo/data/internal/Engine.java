package io.inrvo.data.internal;

import io.inrvo.data.InrvoOptions;
import org.jooq.Configuration;
import org.jooq.SQLDialect;
import org.jooq.impl.DefaultConfiguration;

/**
 * What every session of one {@code Inrvo} runs its calls on: its options, the two protocols over
 * its data source, and the codec that signs its cursors (with the database's keys, loaded when the
 * instance is created unless its startup check is off, then at the first cursor). Thread-safe.
 *
 * @param options the options the instance was built with
 * @param transactions the protocol for work of several statements
 * @param pipeline the one-round-trip protocol for work of one statement
 * @param cursors signs and reads the keyset cursors of this instance
 * @param operations names each repository call and reports it to the operation listener
 */
record Engine(InrvoOptions options, TransactionProtocol transactions, PipelineProtocol pipeline, CursorCodec cursors,
    Operations operations) {

  /** The engine for {@code options}. */
  static Engine of(InrvoOptions options) {
    Configuration base = new DefaultConfiguration().set(SQLDialect.POSTGRES).set(Rendering.settings());
    ContextStatement context = new ContextStatement(options.statementTimeout());
    StatementReporting reporting = new StatementReporting(options.statementListener());
    return new Engine(options,
        new TransactionProtocol(options.dataSource(), base, context, reporting),
        new PipelineProtocol(options.dataSource(), base, context, reporting),
        new CursorCodec(options.cursorSigningKey().<CursorKeys>map(CursorKeys::fixed)
            .orElseGet(() -> options.startupSchemaCheck()
                ? new CursorKeyStore(options.dataSource()).preload()
                : new CursorKeyStore(options.dataSource()))),
        new Operations(options.operationListener()));
  }
}
