package io.inrvo.data.health;

import io.inrvo.data.PlainTransactions;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/** Connections and transactions for the health checks; every failure leaves as an {@code InrvoException}. */
final class Db {

  /** Marks the library's own statements, so statement statistics can leave them out. */
  static final String MARKER = "/* inrvo health */ ";

  private final DataSource dataSource;

  Db(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * A read-only transaction with {@code search_path = pg_catalog}: catalog functions then render
   * every name outside pg_catalog schema-qualified, whatever the login's own search path is.
   */
  <T> T catalog(Function<DSLContext, T> work) {
    return PlainTransactions.commit(dataSource, dsl -> {
      dsl.resultQuery(MARKER + "select set_config('search_path', 'pg_catalog', true), "
          + "set_config('transaction_read_only', 'on', true)").fetch();
      return work.apply(dsl);
    });
  }

  /** A transaction that commits when {@code work} returns normally. */
  <T> T transaction(Function<DSLContext, T> work) {
    return PlainTransactions.commit(dataSource, work);
  }

  /** A transaction that always rolls back, for work whose effects must not stay (EXPLAIN ANALYZE). */
  <T> T rolledBack(Function<DSLContext, T> work) {
    return PlainTransactions.rollBack(dataSource, work);
  }
}
