package io.inrvo.data.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.schema.DatabaseServer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One database created for a test class. {@link #close()} closes the pools made by {@link
 * #pool(int)} and drops the database, ending open sessions.
 *
 * <p>The data sources log in as the server's user, normally a superuser, which bypasses row-level
 * security: switch roles per transaction (as the library does, or with {@link RequestContext}) to
 * test RLS.
 */
public final class TestDatabase implements AutoCloseable {

  private final DatabaseServer server;
  private final String name;
  private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();
  private final AtomicInteger poolNumber = new AtomicInteger();

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
   * A fresh non-pooling data source for this database: every connection is a new login.
   *
   * @return a data source that opens a new connection per call, as the server's login user
   */
  public DataSource dataSource() {
    return server.dataSource(name);
  }

  /**
   * A HikariCP pool of at most {@code maximumSize} connections to this database, as an application
   * runs: for tests of concurrency, and of what a call leaves behind on a pooled connection (with
   * size 1 every borrow returns the same physical connection). Closed by {@link #close()}, or
   * earlier by closing it.
   *
   * @param maximumSize the most connections the pool opens, at least 1
   * @return a running pool; closing it is optional
   * @throws IllegalArgumentException when {@code maximumSize} is below 1
   */
  public HikariDataSource pool(int maximumSize) {
    return pool(maximumSize, "");
  }

  /**
   * {@link #pool(int)} with driver settings added to the JDBC URL's query, for example {@code
   * prepareThreshold=0}, as a transaction-mode pooler (PgBouncer, Supavisor) needs.
   *
   * @param maximumSize the most connections the pool opens, at least 1
   * @return a running pool; closing it is optional
   * @param urlParameters {@code name=value} pairs joined by {@code &}; empty for none
   * @throws IllegalArgumentException when {@code maximumSize} is below 1 or {@code urlParameters}
   *     starts with {@code ?} or {@code &}
   */
  public HikariDataSource pool(int maximumSize, String urlParameters) {
    if (maximumSize < 1) {
      throw new IllegalArgumentException("maximumSize must be at least 1, got " + maximumSize);
    }
    Objects.requireNonNull(urlParameters, "urlParameters");
    if (urlParameters.startsWith("?") || urlParameters.startsWith("&")) {
      throw new IllegalArgumentException("urlParameters must be name=value pairs without a leading ? or &, got "
          + urlParameters);
    }
    String url = jdbcUrl();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(urlParameters.isEmpty() ? url : url + (url.contains("?") ? "&" : "?") + urlParameters);
    config.setUsername(server.user());
    config.setPassword(server.password());
    config.setMaximumPoolSize(maximumSize);
    config.setMinimumIdle(1);
    config.setPoolName(name + "-pool-" + poolNumber.incrementAndGet());
    HikariDataSource pool = new HikariDataSource(config);
    pools.add(pool);
    return pool;
  }

  /** Closes the pools of {@link #pool(int)} and drops the database. */
  @Override
  public void close() {
    try {
      pools.forEach(HikariDataSource::close);
    } finally {
      server.dropDatabase(name);
    }
  }

  @Override
  public String toString() {
    return "TestDatabase[" + name + " on " + server + "]";
  }
}
