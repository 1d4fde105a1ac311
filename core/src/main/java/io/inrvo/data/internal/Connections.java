package io.inrvo.data.internal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * How every transaction of the library borrows its connection and hands it back.
 *
 * <p><b>Unnamed statements, always.</b> While the library holds a connection, pgjdbc's prepare
 * threshold on it is 0: every statement the library creates on it (its fixed statements, jOOQ's,
 * the work of {@code PlainTransactions}, and pgjdbc's own BEGIN, COMMIT and ROLLBACK) is parsed
 * as the unnamed statement of its own round trip, never as a named server-side statement
 * ({@code S_1}, ...). A transaction-mode pooler (PgBouncer, Supavisor on port 6543) hands each
 * transaction whichever server connection is free, where a named statement may not exist or may be
 * another client's: so the library's correctness does not depend on {@code prepareThreshold=0} in
 * the URL. The connection's own threshold is restored before it goes back to the pool, so the
 * application's statements on the same pool keep the URL's setting. The library does this on
 * every connection, not only behind a detected pooler: a pooler cannot be told apart reliably from
 * inside a transaction. Its cost on a direct connection (about twice the time of a point query,
 * measured in the README's section on poolers) is why the application may say its connections are
 * direct ({@code InrvoOptions.serverPreparedStatements}): then the threshold is left as it is.
 * Calls that join the application's own transaction ({@code JoinedProtocol}) set and restore the
 * threshold on its connection the same way, for the length of the call.
 */
final class Connections {

  /** pgjdbc's prepare threshold that never names a statement. */
  private static final int UNNAMED = 0;

  private Connections() {}

  /**
   * A connection borrowed from a data source, set to run the library's statements unnamed.
   *
   * @param connection the pooled connection
   * @param driver pgjdbc's view of it, or {@code null} for another driver (left as it is)
   * @param threshold the prepare threshold it had when borrowed, restored by {@link #giveBack}
   */
  record Borrowed(Connection connection, PGConnection driver, int threshold) {

    /** {@code connection} borrowed as it is: its prepare threshold neither changed nor restored. */
    static Borrowed asIs(Connection connection) {
      return new Borrowed(connection, null, UNNAMED);
    }

    /**
     * Restores the connection's prepare threshold and leaves it open: the end of the library's
     * work on a connection it does not own (the application's transaction, {@link #unnamed}).
     */
    void restore() {
      if (driver != null && threshold != UNNAMED) {
        driver.setPrepareThreshold(threshold);
      }
    }

    /** Restores the connection's prepare threshold and closes it (returns it to the pool). */
    void giveBack() {
      try {
        restore();
      } finally {
        try {
          connection.close();
        } catch (SQLException ignored) {
          // nothing left to do with a connection that cannot even close
        }
      }
    }
  }

  /**
   * Borrows a connection of {@code dataSource} and sets its prepare threshold to 0 until {@link
   * Borrowed#giveBack}. A connection that fails while being set up is closed, for the pool to
   * discard.
   */
  static Borrowed borrow(DataSource dataSource) throws SQLException {
    return borrow(dataSource, false);
  }

  /**
   * Borrows a connection of {@code dataSource}: as {@link #borrow(DataSource)}, or, when {@code
   * serverPrepared}, with its prepare threshold left as it is (the application said its connections
   * reach the server directly or through a session-mode pooler, where named statements are safe).
   */
  static Borrowed borrow(DataSource dataSource, boolean serverPrepared) throws SQLException {
    Connection connection = dataSource.getConnection();
    try {
      return unnamed(connection, serverPrepared);
    } catch (SQLException | RuntimeException e) {
      Borrowed.asIs(connection).giveBack();
      throw e;
    }
  }

  /**
   * Sets the prepare threshold of a connection the library uses but does not own (the open
   * transaction of the application it joins) to 0 until {@link Borrowed#restore}, unless {@code
   * serverPrepared}: the same protection as {@link #borrow(DataSource, boolean)}, without closing.
   */
  static Borrowed unnamed(Connection connection, boolean serverPrepared) throws SQLException {
    if (serverPrepared || !connection.isWrapperFor(PGConnection.class)) {
      return Borrowed.asIs(connection);
    }
    PGConnection driver = connection.unwrap(PGConnection.class);
    int threshold = driver.getPrepareThreshold();
    if (threshold != UNNAMED) {
      driver.setPrepareThreshold(UNNAMED);
    }
    return new Borrowed(connection, driver, threshold);
  }

  /**
   * Rolls back unless {@code committed}, restores autocommit, then {@linkplain Borrowed#giveBack
   * gives the connection back}. Failures are swallowed: a connection that cannot roll back is
   * broken, and closing it lets the pool discard it.
   */
  static void release(Borrowed borrowed, boolean committed) {
    Connection connection = borrowed.connection();
    try {
      if (!committed) {
        connection.rollback();
      }
      connection.setAutoCommit(true);
    } catch (SQLException ignored) {
      // broken: the close below lets the pool discard it
    } finally {
      borrowed.giveBack();
    }
  }
}
