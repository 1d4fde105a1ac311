package io.inrvo.data.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Inrvo;
import io.inrvo.data.InvalidInputException;
import io.inrvo.data.NotFoundException;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.admin.AnalyticsRefresher;
import io.inrvo.data.cache.CacheSettings;
import io.inrvo.data.cache.CachingInrvo;
import io.inrvo.data.cache.InvalidationListener;
import io.inrvo.data.cache.ListenerStats;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.profile.ProfileUpdate;
import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The meters, in a {@link SimpleMeterRegistry}, after real calls on a real PostgreSQL: operations
 * timed by outcome with their round trips; cache hits, misses, loads (and failed loads),
 * evictions and invalidations per cache; deduplicated loads and their shared waiters; the
 * listener's state, reconnections, failures and the invalidations it applies; refresher runs. No
 * tag carries a user id.
 */
class MicrometerMetricsTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  @Test
  void everyRepositoryCallIsTimedByOperationAndOutcomeWithItsRoundTrips(@TestUser("alice") UUID alice) {
    MeterRegistry registry = new SimpleMeterRegistry();
    Inrvo inrvo = Inrvo.builder(DB.database().pool(2)).operationListener(OperationMetrics.of(registry)).build();
    Session session = inrvo.asUser(alice);

    session.history().save(NewMeditation.withPrompt("metered"));
    session.history().page(PageRequest.first(20));
    session.history().page(PageRequest.first(20));
    assertThrows(NotFoundException.class, () -> session.history().delete(UUID.randomUUID()));
    assertThrows(InvalidInputException.class, () -> session.history().page(null));
    session.inTransaction(tx -> tx.history().page(PageRequest.first(5)));

    assertEquals(3, timer(registry, "history.page", "success"), "two alone, one in a transaction");
    assertEquals(1, timer(registry, "history.save", "success"));
    assertEquals(1, timer(registry, "history.delete", "NotFoundException"));
    assertEquals(1, timer(registry, "history.page", "InvalidInputException"), "refused before any SQL");
    assertEquals(1, timer(registry, "session.transaction", "success"));
    assertTrue(registry.get(OperationMetrics.TIMER).tags("operation", "history.page", "outcome", "success").timer()
        .totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) > 0);

    DistributionSummary pageTrips = registry.get(OperationMetrics.ROUND_TRIPS).tag("operation", "history.page").summary();
    assertEquals(4, pageTrips.count());
    assertEquals(3, pageTrips.totalAmount(), "one each; none for the call refused before SQL");
    assertEquals(1, registry.get(OperationMetrics.ROUND_TRIPS).tag("operation", "history.save").summary().max());
    assertEquals(2, registry.get(OperationMetrics.ROUND_TRIPS).tag("operation", "session.transaction").summary()
        .totalAmount(), "BEGIN with the context, then COMMIT");
    assertNoUserIdIn(registry, alice);
  }

  @Test
  void cacheHitsMissesLoadsAndTheListenersInvalidationsAreCounted(@TestUser("bob") UUID bob) {
    MeterRegistry registry = new SimpleMeterRegistry();
    try (CachingInrvo inrvo = CachingInrvo.wrap(Inrvo.create(DB.database().pool(2)))) {
      new CachingMetrics(inrvo).bindTo(registry);
      assertEquals(0, gauge(registry, "inrvo.cache.listener.connected"), "no listener yet");
      DatabaseServer server = DB.database().server();
      inrvo.startListener(DB.database().jdbcUrl(), server.user(), server.password());
      await(() -> gauge(registry, "inrvo.cache.listener.connected"), 1, "the listener to connect");
      // its flush on connecting comes just after: once applied, it cannot turn the hit below into a miss
      await(() -> counter(registry, "inrvo.cache.listener.applied", "kind", "flush"), 1, "the flush on connecting");

      Session session = inrvo.asUser(bob);
      session.profile().get();
      session.profile().get();

      assertEquals(1, counter(registry, "inrvo.cache.misses", "cache", "user-profile"));
      assertEquals(1, counter(registry, "inrvo.cache.hits", "cache", "user-profile"));
      assertEquals(1, registry.get("inrvo.cache.loads").tags("cache", "user-profile", "result", "success")
          .functionCounter().count());
      assertTrue(registry.get("inrvo.deduplicator.calls").tag("result", "executed").functionCounters().stream()
          .mapToDouble(c -> c.count()).sum() >= 1, "the miss loaded through a deduplicator");

      double before = counter(registry, "inrvo.cache.listener.applied", "kind", "change");
      TestSql.script(DB.dataSource(), "update public.users set last_name = 'Changed' where id = '" + bob + "'");
      await(() -> counter(registry, "inrvo.cache.listener.applied", "kind", "change"), before + 1,
          "the change to be applied");
      assertTrue(registry.get("inrvo.cache.listener.notifications").functionCounter().count() >= 1);
      assertEquals(0, registry.get("inrvo.cache.listener.reconnects").functionCounter().count());
      assertNoUserIdIn(registry, bob);
    }
  }

  @Test
  void aCacheOfOneEntryCountsTheEvictionOfTheOther(@TestUser("erin") UUID erin, @TestUser("frank") UUID frank) {
    MeterRegistry registry = new SimpleMeterRegistry();
    CacheSettings one = CacheSettings.defaults()
        .withUserProfile(CacheSettings.defaults().userProfile().withMaximumSize(1));
    try (CachingInrvo inrvo = CachingInrvo.builder(Inrvo.create(DB.database().pool(2))).settings(one).build()) {
      new CachingMetrics(inrvo).bindTo(registry);
      assertEquals(0, counter(registry, "inrvo.cache.evictions", "cache", "user-profile"));

      inrvo.asUser(erin).profile().get();
      inrvo.asUser(frank).profile().get();

      assertEquals(1, counter(registry, "inrvo.cache.evictions", "cache", "user-profile"),
          "two profiles in a cache of one");
      assertEquals(0, counter(registry, "inrvo.cache.evictions", "cache", "meditation-history"));
    }
  }

  @Test
  void callersOfOneColdKeyShareTheOneLoadThatRuns(@TestUser("gina") UUID gina) throws Exception {
    MeterRegistry registry = new SimpleMeterRegistry();
    int callers = 4;
    HikariDataSource pool = DB.database().pool(1);
    ExecutorService threads = Executors.newFixedThreadPool(callers);
    try (CachingInrvo inrvo = CachingInrvo.wrap(Inrvo.create(pool))) {
      new CachingMetrics(inrvo).bindTo(registry);
      List<Future<?>> calls = new ArrayList<>();
      Connection gate = pool.getConnection(); // the pool's only connection: the load waits for it
      try {
        for (int i = 0; i < callers; i++) {
          calls.add(threads.submit(() -> inrvo.asUser(gina).profile().get()));
        }
        await(() -> dedup(registry, "user-profile", "shared"), callers - 1, "the other callers to join the load");
      } finally {
        gate.close(); // opens the gate: the load runs once for all
      }
      for (Future<?> call : calls) {
        call.get(30, TimeUnit.SECONDS);
      }

      assertEquals(1, dedup(registry, "user-profile", "executed"), "one load ran");
      assertEquals(callers - 1, dedup(registry, "user-profile", "shared"), "the others waited for it");
      assertEquals(1, registry.get("inrvo.cache.loads").tags("cache", "user-profile", "result", "success")
          .functionCounter().count());
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aLoadThatThrowsIsCountedAsAFailedLoad(@TestUser("hugo") UUID hugo) throws Exception {
    MeterRegistry registry = new SimpleMeterRegistry();
    HikariDataSource pool = DB.database().pool(1, config -> config.setConnectionTimeout(250));
    try (CachingInrvo inrvo = CachingInrvo.wrap(Inrvo.create(pool))) {
      new CachingMetrics(inrvo).bindTo(registry);
      Connection held = pool.getConnection(); // no connection for the load: it throws
      try {
        assertThrows(RuntimeException.class, () -> inrvo.asUser(hugo).profile().get());
      } finally {
        held.close();
      }
      inrvo.asUser(hugo).profile().get();

      assertEquals(1, registry.get("inrvo.cache.loads").tags("cache", "user-profile", "result", "failure")
          .functionCounter().count());
      assertEquals(1, registry.get("inrvo.cache.loads").tags("cache", "user-profile", "result", "success")
          .functionCounter().count(), "the next call loaded");
    }
  }

  @Test
  void invalidationsAreCountedPerCacheWhoeverAskedForThem(@TestUser("iris") UUID iris) {
    MeterRegistry registry = new SimpleMeterRegistry();
    try (CachingInrvo inrvo = CachingInrvo.wrap(Inrvo.create(DB.database().pool(2)))) {
      new CachingMetrics(inrvo).bindTo(registry);
      Session session = inrvo.asUser(iris);
      assertEquals(0, counter(registry, "inrvo.cache.invalidations", "cache", "user-profile"));

      session.profile().update(ProfileUpdate.none().withFirstName("Iris"));   // the instance's own write
      assertEquals(1, counter(registry, "inrvo.cache.invalidations", "cache", "user-profile"));
      assertEquals(1, counter(registry, "inrvo.cache.invalidations", "cache", "admin-lists"), "lists show names");
      assertEquals(0, counter(registry, "inrvo.cache.invalidations", "cache", "meditation-history"));

      inrvo.invalidateUser(iris);
      inrvo.invalidateAll();
      assertEquals(3, counter(registry, "inrvo.cache.invalidations", "cache", "user-profile"));
      assertEquals(2, counter(registry, "inrvo.cache.invalidations", "cache", "meditation-history"));
      assertEquals(inrvo.stats().cache("user-profile").invalidationCount(),
          counter(registry, "inrvo.cache.invalidations", "cache", "user-profile"));

      DatabaseServer server = DB.database().server();
      inrvo.startListener(DB.database().jdbcUrl(), server.user(), server.password());
      await(() -> counter(registry, "inrvo.cache.listener.applied", "kind", "flush"), 1,
          "the flush on connecting");
      double beforeChange = counter(registry, "inrvo.cache.invalidations", "cache", "user-profile");
      TestSql.script(DB.dataSource(), "update public.users set last_name = 'Elsewhere' where id = '" + iris + "'");
      await(() -> counter(registry, "inrvo.cache.invalidations", "cache", "user-profile"), beforeChange + 1,
          "another writer's change, applied by the listener");
      assertNoUserIdIn(registry, iris);
    }
  }

  @Test
  void aListenerWhoseConnectionIsTerminatedIsSeenDisconnectedThenReconnected(@TestUser("jack") UUID jack) {
    MeterRegistry registry = new SimpleMeterRegistry();
    try (CachingInrvo inrvo = CachingInrvo.wrap(Inrvo.create(DB.database().pool(2)))) {
      new CachingMetrics(inrvo).bindTo(registry);
      DatabaseServer server = DB.database().server();
      // a reconnection waits at least two seconds: long enough to see the listener down
      InvalidationListener listener = inrvo.startListener(b -> b
          .jdbcUrl(DB.database().jdbcUrl(), server.user(), server.password())
          .backoff(Duration.ofSeconds(2), Duration.ofSeconds(2)));
      await(() -> gauge(registry, "inrvo.cache.listener.connected"), 1, "the listener to connect");
      int backend = listener.backendPid().orElseThrow();
      assertEquals(0, counter(registry, "inrvo.cache.listener.failures", "kind", "lost-connection"));

      TestSql.script(DB.dataSource(), "select pg_terminate_backend(" + backend + ")");

      awaitAtMost(() -> gauge(registry, "inrvo.cache.listener.connected"), 0, "the listener to see its loss");
      await(() -> counter(registry, "inrvo.cache.listener.failures", "kind", "lost-connection"), 1,
          "the lost connection to be counted");
      await(() -> gauge(registry, "inrvo.cache.listener.connected"), 1, "the listener to reconnect");
      assertTrue(registry.get("inrvo.cache.listener.reconnects").functionCounter().count() >= 1);
      assertTrue(listener.backendPid().orElseThrow() != backend, "a new backend");
      assertTrue(counter(registry, "inrvo.cache.listener.applied", "kind", "flush") >= 2,
          "flushed on connecting, on the loss and on reconnecting");
      assertNoUserIdIn(registry, jack);
    }
  }

  @Test
  void aWriteHeardFromTheChangeLogRecordsTheListenersNotificationLag(@TestUser("carol") UUID carol) {
    MeterRegistry registry = new SimpleMeterRegistry();
    try (CachingInrvo inrvo = CachingInrvo.wrap(Inrvo.create(DB.database().pool(2)))) {
      new CachingMetrics(inrvo).bindTo(registry);
      DatabaseServer server = DB.database().server();
      inrvo.startListener(DB.database().jdbcUrl(), server.user(), server.password());
      await(() -> gauge(registry, "inrvo.cache.listener.connected"), 1, "the listener to connect");
      FunctionTimer lag = registry.get("inrvo.cache.listener.lag").functionTimer();
      double before = lag.count();

      TestSql.script(DB.dataSource(), "update public.users set last_name = 'Lagged' where id = '" + carol + "'");
      await(lag::count, before + 1, "the change's lag to be recorded");

      assertTrue(lag.totalTime(TimeUnit.NANOSECONDS) >= 0, () -> "total " + lag.totalTime(TimeUnit.NANOSECONDS));
      ListenerStats stats = inrvo.stats().listener().orElseThrow();
      assertTrue(stats.lagCount() >= 1, stats::toString);
      assertTrue(!stats.lagMax().isNegative() && stats.lagTotal().compareTo(stats.lagMax()) >= 0, stats::toString);
    }
  }

  @Test
  void refresherRunsAreCountedByResult() {
    MeterRegistry registry = new SimpleMeterRegistry();
    AnalyticsRefresher refresher = AnalyticsRefresher.builder(DB.dataSource()).build();
    new AnalyticsRefresherMetrics(refresher).bindTo(registry);
    refresher.refreshNow();
    assertEquals(1, counter(registry, AnalyticsRefresherMetrics.RUNS, "result", "refreshed"));

    TestSql.script(DB.dataSource(),
        "alter function public.refresh_admin_analytics() rename to refresh_admin_analytics_moved");
    try {
      refresher.refreshNow();
    } finally {
      TestSql.script(DB.dataSource(),
          "alter function public.refresh_admin_analytics_moved() rename to refresh_admin_analytics");
    }
    assertEquals(1, counter(registry, AnalyticsRefresherMetrics.RUNS, "result", "failed"));
    assertEquals(0, counter(registry, AnalyticsRefresherMetrics.RUNS, "result", "skipped"));
  }

  private static long timer(MeterRegistry registry, String operation, String outcome) {
    return registry.get(OperationMetrics.TIMER).tags("operation", operation, "outcome", outcome).timer().count();
  }

  private static double counter(MeterRegistry registry, String name, String tag, String value) {
    return registry.get(name).tag(tag, value).functionCounter().count();
  }

  private static double dedup(MeterRegistry registry, String deduplicator, String result) {
    return registry.get("inrvo.deduplicator.calls").tags("deduplicator", deduplicator, "result", result)
        .functionCounter().count();
  }

  private static double gauge(MeterRegistry registry, String name) {
    return registry.get(name).gauge().value();
  }

  /** Polls until {@code value} reaches {@code expected}, for at most 10 s. */
  private static void await(DoubleSupplier value, double expected, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (value.getAsDouble() < expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + ": " + value.getAsDouble());
      }
      Thread.yield();
    }
  }

  /** Polls until {@code value} falls to {@code expected} or below, for at most 10 s. */
  private static void awaitAtMost(DoubleSupplier value, double expected, String what) {
    await(() -> -value.getAsDouble(), -expected, what);
  }

  private static void assertNoUserIdIn(MeterRegistry registry, UUID user) {
    for (Meter meter : registry.getMeters()) {
      for (Tag tag : meter.getId().getTags()) {
        assertFalse(tag.getValue().contains(user.toString()), meter.getId().toString());
      }
    }
  }
}
