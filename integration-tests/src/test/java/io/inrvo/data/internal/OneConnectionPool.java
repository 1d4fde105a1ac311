package io.inrvo.data.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A pool of exactly one physical connection to a test database, so that what one call leaves on
 * its connection, the next call sees; and the check that nothing was left.
 */
final class OneConnectionPool implements AutoCloseable {

  private final HikariDataSource pool;
  private final String loginRole;

  /** A pool on {@code database}; {@code urlSuffix} adds driver settings, such as {@code ?prepareThreshold=0}. */
  OneConnectionPool(TestDatabase database, String urlSuffix) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl() + urlSuffix);
    config.setUsername(database.server().user());
    config.setMaximumPoolSize(1);
    this.pool = new HikariDataSource(config);
    this.loginRole = database.server().user();
  }

  HikariDataSource dataSource() {
    return pool;
  }

  /** Asserts that the connection is back in autocommit as the login role, with no caller and no claims. */
  void assertConnectionIsClean() throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select auth.uid(), current_user, current_setting('request.jwt.claims', true)")) {
      rs.next();
      assertNull(rs.getObject(1));
      assertEquals(loginRole, rs.getString(2));
      String claims = rs.getString(3);
      assertTrue(claims == null || claims.isEmpty(), claims);
      assertTrue(c.getAutoCommit());
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
