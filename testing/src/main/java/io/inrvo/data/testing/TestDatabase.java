package io.inrvo.data.testing;

import io.inrvo.data.schema.DatabaseServer;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * One database created for a test class. {@link #close()} drops it, ending open sessions.
 *
 * <p>The data source does not pool; it logs in as the server's user, normally a superuser, which
 * bypasses row-level security: switch roles per transaction (as the library does) to test RLS.
 */
public final class TestDatabase implements AutoCloseable {

  private final DatabaseServer server;
  private final String name;

  TestDatabase(DatabaseServer server, String name) {
    this.server = Objects.requireNonNull(server, "server");
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * The database's name (unique per test class).
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The server the database lives on.
   *
   * @return the server
   */
  public DatabaseServer server() {
    return server;
  }

  /**
   * The database's JDBC URL.
   *
   * @return the URL, with the server URL's parameters
   */
  public String jdbcUrl() {
    return server.jdbcUrl(name);
  }

  /**
   * A fresh non-pooling data source for this database.
   *
   * @return a data source that opens a new connection per call, as the server's login user
   */
  public DataSource dataSource() {
    return server.dataSource(name);
  }

  /** Drops the database. */
  @Override
  public void close() {
    server.dropDatabase(name);
  }

  @Override
  public String toString() {
    return "TestDatabase[" + name + " on " + server + "]";
  }
}
