package io.inrvo.data.internal;

/**
 * The two protocols over one server's data source: the primary's, or a read replica's.
 *
 * @param transactions work of several statements
 * @param pipeline work of one statement, in one round trip
 */
record Protocols(TransactionProtocol transactions, PipelineProtocol pipeline) {}
