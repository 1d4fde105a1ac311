package io.inrvo.data.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The common life cycle of a benchmark class: JMH calls {@link #setUp()} once per trial in the
 * forked JVM, which opens the class on the environment {@link BenchCommand} passed down; the
 * round-trip audit calls {@link #open} directly with a counting environment instead.
 */
public abstract class BenchState {

  private HikariDataSource pool;

  /** The pooled data source both sides of a pair borrow from (wrapped when audited). */
  protected DataSource dataSource;

  /** JMH: opens on the environment {@link BenchCommand} passed down. */
  @Setup(Level.Trial)
  public final void setUp() {
    open(BenchEnvironment.fromSystemProperties());
  }

  /** JMH: releases what {@link #open} took. */
  @TearDown(Level.Trial)
  public final void tearDown() {
    close();
  }

  /** Opens the pool, then lets the class pick its fixtures. */
  final void open(BenchEnvironment environment) {
    pool = environment.pool(poolSize());
    dataSource = environment.wrapper().apply(pool);
    prepare(environment);
  }

  /** Undoes what {@link #prepare} changed, then closes the pool. */
  final void close() {
    try {
      cleanUp();
    } finally {
      if (pool != null) {
        pool.close();
        pool = null;
      }
    }
  }

  /** Connections the class needs at once. */
  int poolSize() {
    return 2;
  }

  /**
   * Calls of each benchmark method the audit counts: one by default; more for calls whose count
   * depends on how threads are scheduled, which the report gives as a median and a range.
   */
  int auditedCalls() {
    return 1;
  }

  /** Picks the fixtures and builds what the benchmark methods call. */
  abstract void prepare(BenchEnvironment environment);

  /** Undoes changes to the database; nothing by default. */
  void cleanUp() {}
}
