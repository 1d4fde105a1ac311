package io.inrvo.data.internal;

import io.inrvo.data.DatabaseErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * How every transaction of the library borrows and gives back its connection: borrow; {@code
 * setAutoCommit(false)}; the work; COMMIT (or ROLLBACK); back to the pool in autocommit mode.
 * Failures leave as the library's exceptions. The library's statements on it run unnamed
 * ({@link Connections}). The {@link TransactionProtocol} adds the request
 * context; {@code PlainTransactions} runs work without one.
 */
public final class PlainTransaction {

  private PlainTransaction() {}

  /**
   * Runs {@code work} in one transaction on a connection of {@code dataSource}.
   *
   * @param serverPrepared whether statements may be named after pgjdbc's threshold ({@link Connections#borrow(DataSource, boolean)})
   * @param dsl how to reach the borrowed connection with jOOQ
   * @param commit whether to commit when {@code work} returns normally; otherwise it rolls back
   */
  static <T> T run(DataSource dataSource, boolean serverPrepared, Function<Connection, DSLContext> dsl,
      boolean commit, Function<DSLContext, T> work) {
    Connections.Borrowed borrowed = null;
    boolean committed = false;
    try {
      borrowed = Connections.borrow(dataSource, serverPrepared);
      Connection connection = borrowed.connection();
      connection.setAutoCommit(false);
      T result = work.apply(dsl.apply(connection));
      if (commit) {
        connection.commit();
        committed = true;
      }
      return result;
    } catch (SQLException | RuntimeException e) {
      throw DatabaseErrors.translate(e);
    } finally {
      if (borrowed != null) {
        Connections.release(borrowed, committed);
      }
    }
  }

  /** {@link #run} with the library's jOOQ settings and nothing else. */
  public static <T> T run(DataSource dataSource, boolean commit, Function<DSLContext, T> work) {
    return run(dataSource, false,
        connection -> DSL.using(connection, Rendering.RENDERER.dialect(), Rendering.settings()), commit, work);
  }
}
