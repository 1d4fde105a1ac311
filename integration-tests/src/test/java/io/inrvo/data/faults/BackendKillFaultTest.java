package io.inrvo.data.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.Inrvo;
import io.inrvo.data.PageRequest;
import io.inrvo.data.UnavailableException;
import io.inrvo.data.cache.CachingInrvo;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.server.PostgresCluster;
import io.inrvo.data.testing.server.ServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every session of the database is terminated ({@code pg_terminate_backend}) five times during an
 * 8-worker mixed workload, on a throwaway cluster: every call succeeds or throws {@link
 * UnavailableException}; no write is lost or doubled (confirmed writes are there exactly once,
 * failed ones at most once); through the caches, no failure is cached, no deduplicated read is
 * left waiting, and the caches equal the database; nothing is left idle in a transaction and the
 * pool is idle again.
 */
@Tag("faults")
class BackendKillFaultTest {

  @RegisterExtension
  static final ServerExtension<PostgresCluster> PG = ServerExtension.cluster(PostgresCluster.builder().name("faults-kill"));

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> PG.get().server());

  private static final int WORKERS = 8;
  private static final int USERS = 24;
  private static final int KILLS = 5;
  private static final int CALLS_BETWEEN_KILLS = 300;

  @Test
  void plainCallsSurviveKilledBackends(DataSource db) {
    run(db, false);
  }

  @Test
  void cachedCallsSurviveKilledBackends(DataSource db) {
    run(db, true);
  }

  private void run(DataSource db, boolean cached) {
    String kind = cached ? "cached" : "plain";
    List<Tenant> tenants = Tenant.create(db, "kill-" + kind, USERS, true);
    Figures figures = new Figures("backends killed x" + KILLS + ", " + kind, FaultChecks::transientFailure);
    HikariDataSource pool = DB.database().pool(WORKERS, config -> config.setConnectionTimeout(2_000));
    Inrvo plain = Inrvo.create(pool);
    try (CachingInrvo caching = CachingInrvo.wrap(plain)) {
      if (cached) {
        FaultChecks.startListening(caching, DB.database());
      }
      MixedWork work = new MixedWork(cached ? caching : plain, figures);
      List<List<Tenant>> assigned = Tenant.assign(tenants, WORKERS);
      List<Integer> killed = new ArrayList<>();
      try (Workload workload = Workload.start(figures, WORKERS, 7, (w, random) -> work.step(w, assigned.get(w), random))) {
        for (int kill = 1; kill <= KILLS; kill++) {
          workload.awaitCalls((long) kill * CALLS_BETWEEN_KILLS);
          killed.add(PG.get().killBackends(DB.database().name()));
        }
        workload.awaitSuccesses(figures.successes() + CALLS_BETWEEN_KILLS); // and it goes on
      }
      figures.print();
      System.out.printf("[faults] backends killed x%d, %s | sessions terminated per kill %s; failures by class %s%n",
          KILLS, kind, killed, figures.failuresByClass());
      figures.assertNothingUnexpected();

      Reconcile.ledgers(db, tenants);
      Reconcile.noCrossUserRows(db);
      if (cached) {
        Reconcile.cachesEqualDatabase(caching, tenants);
        sharedReadsComplete(caching, tenants.get(0));
        FaultChecks.awaitListening(caching);
        assertTrue(caching.stats().listener().orElseThrow().lostConnectionCount() >= 1, "its backend was killed too");
      }
      FaultChecks.nothingIdleInTransaction(db, 0);
      FaultChecks.poolIsIdle(pool);
    }
  }

  /** Sixteen concurrent identical reads after the kills, released at once: every caller gets the one value. */
  private static void sharedReadsComplete(CachingInrvo inrvo, Tenant tenant) {
    inrvo.invalidateAll();
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Object>> reads = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        reads.add(threads.submit(() -> {
          go.await();
          return inrvo.asUser(tenant.id).history().page(PageRequest.first(10));
        }));
      }
      go.countDown();
      Object first = reads.get(0).get(Workload.STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      for (Future<Object> read : reads) {
        assertEquals(first, read.get(Workload.STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS),
            "a deduplicated read completes with the shared value");
      }
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new AssertionError("a deduplicated read did not complete", e);
    } finally {
      threads.shutdownNow();
    }
  }
}
