package io.inrvo.data.testing.server;

import io.inrvo.data.schema.DatabaseServer;

/**
 * A server started for tests and removed by {@link #close()}: a {@link PostgresCluster}, a {@link
 * PostgresReplica}, a {@link PgBouncer}, or a container from {@link ThrowawayPostgres}.
 *
 * <p>{@link #server()} plugs it into the test kit: {@code
 * InrvoDatabaseExtension.migrated().on(() -> pg.server())} gives each test class its own database on
 * it. Closing is idempotent; what is still open when the JVM exits is closed then (best effort).
 */
public interface ThrowawayServer extends AutoCloseable {

  /** The server as the test kit and the library see it: URL, user and password. */
  DatabaseServer server();

  /** The JDBC URL of {@code database} on this server. */
  default String jdbcUrl(String database) {
    return server().jdbcUrl(database);
  }

  /** Stops the server and removes everything it wrote. */
  @Override
  void close();
}
