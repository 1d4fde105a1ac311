package io.inrvo.data.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** How every transaction of the library hands its connection back. */
final class Connections {

  private Connections() {}

  /**
   * Rolls back unless {@code committed}, restores autocommit and closes (returns to the pool).
   * Failures are swallowed: a connection that cannot roll back is broken, and closing it lets the
   * pool discard it.
   */
  static void release(Connection connection, boolean committed) {
    try {
      if (!committed) {
        connection.rollback();
      }
      connection.setAutoCommit(true);
    } catch (SQLException ignored) {
      // broken: the close below lets the pool discard it
    } finally {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // nothing more to do with a connection that cannot close
      }
    }
  }
}
