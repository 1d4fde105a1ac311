package io.inrvo.data.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.schema.DatabaseServer;

/**
 * Which database a command works on: the one {@code INRVO_DB_URL} names, or else database {@code
 * name} on the server the chain finds (local server, then Testcontainers), created when missing.
 */
public record Target(DatabaseServer server, String database, boolean explicit) {

  /** The database {@code INRVO_DB_URL} names, else database {@code defaultName}, created when missing. */
  public static Target resolve(String defaultName) {
    DatabaseServer server = DatabaseServer.locate();
    if (server.source() == DatabaseServer.Source.EXPLICIT_URL) {
      return new Target(server, "", true);
    }
    if (!server.databaseExists(defaultName)) {
      server.createDatabase(defaultName);
    }
    return new Target(server, defaultName, false);
  }

  /** A fresh, empty database of that name on the located server (for the demo). */
  static Target fresh(String name) {
    DatabaseServer server = DatabaseServer.locate();
    server.dropDatabase(name);
    server.createDatabase(name);
    return new Target(server, name, false);
  }

  /** The JDBC URL of the database. */
  public String jdbcUrl() {
    return explicit ? server.jdbcUrl() : server.jdbcUrl(database);
  }

  /** A non-pooling data source, for one-off work such as migrating. */
  public javax.sql.DataSource dataSource() {
    return explicit ? server.dataSource() : server.dataSource(database);
  }

  /** A small pool, as an application would configure it. */
  HikariDataSource pool(int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl());
    config.setUsername(server.user());
    if (!server.password().isEmpty()) {
      config.setPassword(server.password());
    }
    config.setMaximumPoolSize(size);
    config.setPoolName("inrvo-examples");
    return new HikariDataSource(config);
  }

  @Override
  public String toString() {
    // without the URL's parameters, which can hold a password
    String url = jdbcUrl();
    return (url.indexOf('?') < 0 ? url : url.substring(0, url.indexOf('?'))) + " (" + server.source().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")";
  }
}
