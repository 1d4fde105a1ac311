package io.inrvo.data.internal;

import io.inrvo.data.InrvoOptions;
import org.jooq.Configuration;
import org.jooq.SQLDialect;
import org.jooq.impl.DefaultConfiguration;

/**
 * What every session of one {@code Inrvo} runs its calls on: its options, the two protocols over
 * its data source, the one for calls inside the application's own transaction, the codec that
 * signs its cursors (with the database's keys, loaded when the instance is created unless its
 * startup check is off, then at the first cursor), and its read replicas. Thread-safe.
 *
 * @param options the options the instance was built with
 * @param primary the protocols over the primary's data source
 * @param joined the protocol for calls inside a transaction the application opened
 * @param cursors signs and reads the keyset cursors of this instance
 * @param replicas the read replicas; null when there are none (every call goes to the primary)
 * @param operations names each repository call and reports it to the operation listener
 * @param voiceLookups batches concurrent voice-profile lookups; null when batching is off
 */
record Engine(InrvoOptions options, Protocols primary, JoinedProtocol joined, CursorCodec cursors,
    ReplicaSet replicas, Operations operations, VoiceLookupBatcher voiceLookups) {

  /** The engine for {@code options}; it starts the replicas' background check when there are replicas. */
  static Engine of(InrvoOptions options) {
    Configuration base = new DefaultConfiguration().set(SQLDialect.POSTGRES).set(Rendering.settings());
    ContextStatement context = new ContextStatement(options.statementTimeout());
    StatementReporting reporting = new StatementReporting(options.statementListener());
    boolean prepared = options.serverPreparedStatements();
    return new Engine(options,
        new Protocols(new TransactionProtocol(options.dataSource(), prepared, base, context, reporting),
            new PipelineProtocol(options.dataSource(), prepared, base, context, reporting)),
        new JoinedProtocol(prepared, base, context, reporting),
        new CursorCodec(options.cursorSigningKey().<CursorKeys>map(CursorKeys::fixed)
            .orElseGet(() -> options.startupSchemaCheck()
                ? new CursorKeyStore(options.dataSource()).preload()
                : new CursorKeyStore(options.dataSource()))),
        ReplicaSet.start(options, replica -> new Protocols(
            new TransactionProtocol(replica, prepared, base, context, reporting),
            new PipelineProtocol(replica, prepared, base, context, reporting))),
        new Operations(options.operationListener()),
        options.voiceLookupBatching().map(VoiceLookupBatcher::new).orElse(null));
  }

  /** The protocol for work of several statements, on the primary. */
  TransactionProtocol transactions() {
    return primary.transactions();
  }

  /** The one-round-trip protocol for work of one statement, on the primary. */
  PipelineProtocol pipeline() {
    return primary.pipeline();
  }
}
