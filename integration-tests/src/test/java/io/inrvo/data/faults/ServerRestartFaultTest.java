package io.inrvo.data.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.Inrvo;
import io.inrvo.data.UnavailableException;
import io.inrvo.data.cache.CachingInrvo;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.server.PostgresCluster;
import io.inrvo.data.testing.server.ServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A throwaway cluster is stopped in the middle of an 8-worker cached workload and started again
 * once every worker's calls fail: while it is down calls fail with {@link UnavailableException}
 * within the pool's connection timeout (bounded failure time), and once it is back every worker
 * succeeds again and nothing fails afterwards. The failure window and the recovery times are
 * measured and printed; no write is lost or doubled; the caches equal the database.
 */
@Tag("faults")
class ServerRestartFaultTest {

  @RegisterExtension
  static final ServerExtension<PostgresCluster> PG = ServerExtension.cluster(PostgresCluster.builder().name("faults-restart"));

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> PG.get().server());

  private static final int WORKERS = 8;
  private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);
  /** A failing call must end within the connection timeout, plus this for the machine's noise. */
  private static final Duration SLACK = Duration.ofSeconds(5);

  @Test
  void callsFailFastWhileTheServerIsDownAndRecoverAfterItsRestart(DataSource db) {
    List<Tenant> tenants = Tenant.create(db, "restart", 24, true);
    List<List<Tenant>> assigned = Tenant.assign(tenants, WORKERS);
    Figures figures = new Figures("server stopped and restarted, cached", FaultChecks::transientFailure);
    HikariDataSource pool = DB.database().pool(WORKERS,
        config -> config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis()));
    try (CachingInrvo inrvo = CachingInrvo.wrap(Inrvo.create(pool))) {
      FaultChecks.startListening(inrvo, DB.database());
      MixedWork work = new MixedWork(inrvo, figures);
      long stopping;
      long started;
      try (Workload workload = Workload.start(figures, WORKERS, 3, (w, random) -> work.step(w, assigned.get(w), random))) {
        workload.awaitCalls(500);
        stopping = System.nanoTime();
        PG.get().stop();
        workload.awaitFailures(figures.failures() + 2L * WORKERS); // every worker's calls fail now
        PG.get().start();
        started = System.nanoTime();
        workload.awaitSuccesses(figures.successes() + 500);
      }
      figures.print();
      figures.assertNothingUnexpected();

      List<Figures.Call> calls = figures.calls();
      List<Figures.Call> failed = calls.stream().filter(c -> !c.ok()).toList();
      long longestFailure = failed.stream().mapToLong(Figures.Call::nanos).max().orElse(0);
      long firstFailure = failed.stream().mapToLong(Figures.Call::startNanos).min().orElse(stopping);
      long lastFailure = failed.stream().mapToLong(Figures.Call::endNanos).max().orElse(stopping);
      long firstRecovered = figures.firstSuccessAfter(started).orElseThrow().endNanos();
      long allRecovered = IntStream.range(0, WORKERS).mapToLong(worker -> calls.stream()
          .filter(c -> c.worker() == worker && c.ok() && c.startNanos() >= started)
          .mapToLong(Figures.Call::endNanos).min().orElseThrow()).max().orElseThrow();
      System.out.printf("[faults] server stopped and restarted, cached | down %d ms; %d calls failed (%s), the first"
              + " beginning %d ms after the stop began, the last ending %+d ms from the restart; longest failed call"
              + " %d ms; after the restart the first call succeeded in %d ms, every worker in %d ms; listener %s,"
              + " %d reconnect(s)%n",
          ms(started - stopping), failed.size(), figures.failuresByClass(), ms(firstFailure - stopping),
          ms(lastFailure - started), ms(longestFailure), ms(firstRecovered - started), ms(allRecovered - started),
          inrvo.invalidationStatus().state(), inrvo.stats().listener().orElseThrow().reconnectCount());

      assertTrue(Duration.ofNanos(longestFailure).compareTo(CONNECTION_TIMEOUT.plus(SLACK)) <= 0,
          "a failing call ends within the pool's connection timeout: " + ms(longestFailure) + " ms");
      assertTrue(failed.stream().noneMatch(c -> c.startNanos() >= allRecovered),
          "once every worker has succeeded again, nothing fails");
      Reconcile.ledgers(db, tenants);
      Reconcile.noCrossUserRows(db);
      FaultChecks.awaitListening(inrvo);
      Reconcile.cachesEqualDatabase(inrvo, tenants);
      FaultChecks.nothingIdleInTransaction(db, 0);
      FaultChecks.poolIsIdle(pool);
    }
  }

  private static long ms(long nanos) {
    return Duration.ofNanos(nanos).toMillis();
  }
}
