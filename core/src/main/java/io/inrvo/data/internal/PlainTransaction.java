package io.inrvo.data.internal;

import io.inrvo.data.DatabaseErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * A transaction on a data source with no request context: for the library's own maintenance work
 * (the analytics refresher), which sets what it needs itself. Failures leave as the library's
 * exceptions; the connection goes back in autocommit mode.
 */
public final class PlainTransaction {

  private PlainTransaction() {}

  /** Runs {@code work} in one transaction that commits when it returns normally. */
  public static <T> T run(DataSource dataSource, Function<DSLContext, T> work) {
    Connection connection = null;
    boolean committed = false;
    try {
      connection = dataSource.getConnection();
      connection.setAutoCommit(false);
      T result = work.apply(DSL.using(connection, Rendering.RENDERER.dialect(), Rendering.settings()));
      connection.commit();
      committed = true;
      return result;
    } catch (SQLException | RuntimeException e) {
      throw DatabaseErrors.translate(e);
    } finally {
      if (connection != null) {
        Connections.release(connection, committed);
      }
    }
  }
}
