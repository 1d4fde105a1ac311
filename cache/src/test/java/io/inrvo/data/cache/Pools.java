package io.inrvo.data.cache;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.testing.TestDatabase;

/** Connection pools on a test database, as an application would run. */
public final class Pools {

  private Pools() {}

  /** A Hikari pool of at most {@code size} connections to {@code database}. */
  public static HikariDataSource hikari(TestDatabase database, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername(database.server().user());
    config.setPassword(database.server().password());
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    config.setPoolName("cache-test-" + database.name());
    return new HikariDataSource(config);
  }
}
