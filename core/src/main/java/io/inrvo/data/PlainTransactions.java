package io.inrvo.data;

import io.inrvo.data.internal.PlainTransaction;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/**
 * One transaction on a data source without a session: for work beside the repositories, such as
 * maintenance jobs and catalog reports, that must borrow, finish and fail as the repositories do.
 *
 * <p>No role, claims or timeout is set: the work runs as the data source's login, and row-level
 * security applies to that login as it is. The work's jOOQ context renders and binds as the
 * library does. Any failure rolls the transaction back and leaves as the library's exception
 * ({@link DatabaseErrors#translate}); the connection goes back to the pool in autocommit mode, or,
 * when it is broken, is closed for the pool to discard.
 */
public final class PlainTransactions {

  private PlainTransactions() {}

  /**
   * Runs {@code work} in one transaction that commits when it returns normally.
   *
   * @param <T> the result's type
   * @param dataSource where to borrow the connection
   * @param work the statements, on a jOOQ context bound to the borrowed connection
   * @return what {@code work} returned, once committed
   * @throws InrvoException (or a subclass) when the work or the commit fails; nothing is committed
   */
  public static <T> T commit(DataSource dataSource, Function<DSLContext, T> work) {
    return PlainTransaction.run(dataSource, true, work);
  }

  /**
   * Runs {@code work} in one transaction that always rolls back: for work whose effects must not
   * stay, such as {@code EXPLAIN ANALYZE} of a write.
   *
   * @param <T> the result's type
   * @param dataSource where to borrow the connection
   * @param work the statements, on a jOOQ context bound to the borrowed connection
   * @return what {@code work} returned, once rolled back
   * @throws InrvoException (or a subclass) when the work fails
   */
  public static <T> T rollBack(DataSource dataSource, Function<DSLContext, T> work) {
    return PlainTransaction.run(dataSource, false, work);
  }
}
