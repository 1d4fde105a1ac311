package io.inrvo.data.health;

import io.inrvo.data.DatabaseErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/** Connections and transactions for the health checks; every failure leaves as an {@code InrvoException}. */
final class Db {

  /** Marks the library's own statements, so statement statistics can leave them out. */
  static final String MARKER = "/* inrvo-health */ ";

  private static final Settings SETTINGS = new Settings().withExecuteLogging(false).withRenderSchema(true);

  private final DataSource dataSource;

  Db(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * A read-only transaction with {@code search_path = pg_catalog}: catalog functions then render
   * every name outside pg_catalog schema-qualified, whatever the login's own search path is.
   */
  <T> T catalog(Function<DSLContext, T> work) {
    return transaction(dsl -> {
      dsl.resultQuery(MARKER + "select set_config('search_path', 'pg_catalog', true), "
          + "set_config('transaction_read_only', 'on', true)").fetch();
      return work.apply(dsl);
    }, true);
  }

  /** A transaction that commits when {@code work} returns normally. */
  <T> T transaction(Function<DSLContext, T> work) {
    return transaction(work, true);
  }

  /** A transaction that always rolls back, for work whose effects must not stay (EXPLAIN ANALYZE). */
  <T> T rolledBack(Function<DSLContext, T> work) {
    return transaction(work, false);
  }

  /**
   * A transaction; commits only when {@code commit} and {@code work} returns normally. Failures
   * are translated; the connection goes back in autocommit mode.
   */
  private <T> T transaction(Function<DSLContext, T> work, boolean commit) {
    Connection connection = null;
    boolean done = false;
    try {
      connection = dataSource.getConnection();
      connection.setAutoCommit(false);
      T result = work.apply(DSL.using(connection, SQLDialect.POSTGRES, SETTINGS));
      if (commit) {
        connection.commit();
        done = true;
      }
      return result;
    } catch (SQLException | RuntimeException e) {
      throw DatabaseErrors.translate(e);
    } finally {
      if (connection != null) {
        release(connection, done);
      }
    }
  }

  /**
   * Rolls back unless {@code committed}, restores autocommit and closes (returns to the pool).
   * Failures are swallowed: a connection that cannot roll back is broken, and closing it lets the
   * pool discard it.
   */
  private static void release(Connection connection, boolean committed) {
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
