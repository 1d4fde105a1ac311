package io.inrvo.data.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.testing.TestSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * Checks of what calls leave on a pooled connection. With a pool of one, the next borrow returns
 * the connection every call used, so what a call left behind is still there to see.
 */
public final class PooledConnection {

  private PooledConnection() {}

  /** The backend pid of the next connection of {@code pool}. */
  public static String pid(DataSource pool) {
    return TestSql.text(pool, "select pg_backend_pid()::text");
  }

  /**
   * Asserts that the next connection of {@code pool} is the one with backend {@code pid} and
   * carries nothing of the calls before: autocommit on, the login role (no {@code SET ROLE}), no
   * caller ({@code auth.uid()}), no claims, and {@code statement_timeout} and {@code
   * transaction_read_only} at the session's defaults.
   */
  public static void assertClean(DataSource pool, String pid) {
    try (Connection c = pool.getConnection()) {
      assertTrue(c.getAutoCommit(), "autocommit");
      List<String> now = TestSql.row(c, "select pg_backend_pid()::text, auth.uid()::text, current_user, session_user, "
          + "current_setting('request.jwt.claims', true), current_setting('role'), "
          + "(select setting = reset_val from pg_settings where name = 'statement_timeout')::text, "
          + "current_setting('transaction_read_only')");
      assertEquals(pid, now.get(0), "same physical connection");
      assertNull(now.get(1), "auth.uid()");
      assertEquals(now.get(3), now.get(2), "current_user is the login role");
      assertTrue(now.get(4) == null || now.get(4).isEmpty(), "claims: " + now.get(4));
      assertEquals("none", now.get(5), "role");
      assertEquals("true", now.get(6), "statement_timeout at the session's default");
      assertEquals("off", now.get(7), "transaction_read_only");
    } catch (SQLException e) {
      throw new AssertionError("could not read the pooled connection's state", e);
    }
  }
}
