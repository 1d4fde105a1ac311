/**
 * Throwaway servers for tests: a {@link io.inrvo.data.testing.server.PostgresCluster} of its own
 * with any settings (started from the local PostgreSQL programs, stopped, restarted, crashed),
 * its streaming {@link io.inrvo.data.testing.server.PostgresReplica}, a real {@link
 * io.inrvo.data.testing.server.PgBouncer} in front of any server, and {@link
 * io.inrvo.data.testing.server.ThrowawayPostgres}, which falls back to a Testcontainers container
 * where the programs are missing. Each gives a {@link io.inrvo.data.schema.DatabaseServer} that
 * {@link io.inrvo.data.testing.InrvoDatabaseExtension#on(java.util.function.Supplier)} accepts;
 * {@link io.inrvo.data.testing.server.ServerExtension} ties one to a test class's lifecycle and
 * skips the class, saying why, on a machine that lacks what it needs (never when {@code CI=true}).
 *
 * <p>None of them touches the shared server on 127.0.0.1:5432: each runs on a free port of its
 * own, in a scratch directory removed when it is closed or the JVM exits.
 */
package io.inrvo.data.testing.server;
