package io.inrvo.data.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Inrvo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The check that calls left nothing on the pooled connection an {@link Inrvo} borrows from. */
final class PooledConnection {

  private PooledConnection() {}

  /**
   * Asserts that the next connection of {@code inrvo}'s pool (with a pool of one, the connection
   * every call used) is in autocommit as {@code loginRole}, with no caller and no claims.
   */
  static void assertClean(Inrvo inrvo, String loginRole) throws SQLException {
    try (Connection c = inrvo.options().dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select auth.uid(), current_user, current_setting('request.jwt.claims', true)")) {
      rs.next();
      assertNull(rs.getObject(1));
      assertEquals(loginRole, rs.getString(2));
      String claims = rs.getString(3);
      assertTrue(claims == null || claims.isEmpty(), claims);
      assertTrue(c.getAutoCommit());
    }
  }
}
