package io.inrvo.data.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.UnavailableException;
import io.inrvo.data.cache.CachingInrvo;
import io.inrvo.data.cache.InvalidationStatus;
import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.TestSql;
import javax.sql.DataSource;

/** A caching instance's listener, and what must hold on the server and in the pool once a fault is over. */
final class FaultChecks {

  private FaultChecks() {}

  /**
   * What a call may throw while a fault lasts: the library's {@link UnavailableException} (or a
   * subclass), saying a retry may succeed.
   */
  static boolean transientFailure(Throwable failure) {
    return failure instanceof UnavailableException unavailable && unavailable.isRetryable();
  }

  /** Starts {@code inrvo}'s listener on a direct connection to {@code database} and waits until it listens. */
  static void startListening(CachingInrvo inrvo, TestDatabase database) {
    DatabaseServer server = database.server();
    inrvo.startListener(database.jdbcUrl(), server.user(), server.password());
    awaitListening(inrvo);
  }

  /** Waits until {@code inrvo}'s listener is connected and listening. */
  static void awaitListening(CachingInrvo inrvo) {
    Workload.until(() -> inrvo.invalidationStatus().state() == InvalidationStatus.State.LISTENING,
        "the cache listener to listen (now " + inrvo.invalidationStatus() + ")");
  }

  /** No session of the database is left idle in a transaction (other than {@code exceptPid}, or none: 0). */
  static void nothingIdleInTransaction(DataSource db, int exceptPid) {
    assertEquals(0, TestSql.count(db, "select count(*) from pg_stat_activity where datname = current_database()"
        + " and state like 'idle in transaction%' and pid <> ?", exceptPid), "sessions left idle in a transaction");
  }

  /** Every connection of the pool is back: none active, none awaited. */
  static void poolIsIdle(HikariDataSource pool) {
    Workload.until(() -> pool.getHikariPoolMXBean().getActiveConnections() == 0,
        "the pool's connections to come back (active " + pool.getHikariPoolMXBean().getActiveConnections() + ")");
    assertEquals(0, pool.getHikariPoolMXBean().getThreadsAwaitingConnection(), "threads still waiting for a connection");
  }
}
