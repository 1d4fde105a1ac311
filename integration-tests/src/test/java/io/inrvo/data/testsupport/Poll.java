package io.inrvo.data.testsupport;

import io.inrvo.data.testing.TestSql;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/** Waiting for what another thread or session does: polls every 10 ms and fails naming what it awaited. */
public final class Poll {

  private static final long INTERVAL_NANOS = Duration.ofMillis(10).toNanos();

  private Poll() {}

  /**
   * Returns once {@code condition} holds.
   *
   * @throws AssertionError naming {@code what} when it does not hold within {@code within}
   */
  public static void until(BooleanSupplier condition, Duration within, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("waited " + within + " for " + what);
      }
      LockSupport.parkNanos(INTERVAL_NANOS);
    }
  }

  /** Returns once at least {@code count} sessions of {@code ds}'s database wait for a lock. */
  public static void untilLockWaiters(DataSource ds, int count, Duration within) {
    until(() -> TestSql.count(ds, "select count(*) from pg_stat_activity where datname = current_database() "
        + "and wait_event_type = 'Lock'") >= count, within, count + " session(s) to wait for a lock");
  }
}
