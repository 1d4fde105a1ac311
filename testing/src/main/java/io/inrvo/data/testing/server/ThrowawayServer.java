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

  /**
   * The server as the test kit and the library see it: URL, user and password.
   *
   * @return the JDBC URL of its default database, its user and password; the same value for the
   *     server's whole life, restarts included
   */
  DatabaseServer server();

  /**
   * The JDBC URL of {@code database} on this server.
   *
   * @param database a lower-case identifier ({@code [a-z_][a-z0-9_]{0,62}}); the database need not
   *     exist yet
   * @return {@link #server()}'s URL with {@code database} in place of its database and its
   *     parameters kept (through the pooler, for a {@link PgBouncer})
   * @throws IllegalArgumentException when {@code database} is not such an identifier
   */
  default String jdbcUrl(String database) {
    return server().jdbcUrl(database);
  }

  /** Stops the server and removes everything it wrote. */
  @Override
  void close();
}
