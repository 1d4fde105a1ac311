package io.inrvo.data.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/** Connection pools for tests that need real pooling: a fixed physical connection, or concurrency. */
public final class Pools {

  private Pools() {}

  /**
   * A HikariCP pool of at most {@code size} connections, each opened through {@code dataSource};
   * close it when done. With {@code size} 1 every borrow returns the same physical connection.
   */
  public static HikariDataSource hikari(DataSource dataSource, int size, String name) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(dataSource);
    config.setMaximumPoolSize(size);
    config.setPoolName(name);
    return new HikariDataSource(config);
  }
}
