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
import io.inrvo.data.cache.CachingInrvo;
import io.inrvo.data.cache.ListenerStats;
import io.inrvo.data.history.NewMeditation;
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
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The meters, in a {@link SimpleMeterRegistry}, after real calls on a real PostgreSQL: operations
 * timed by outcome with their round trips; cache hits, misses and loads; the listener's state and
 * the invalidations it applies; refresher runs. No tag carries a user id.
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

      Session session = inrvo.asUser(bob);
      session.profile().get();
      session.profile().get();

      assertEquals(1, counter(registry, "inrvo.cache.misses", "cache", "user-profile"));
      assertEquals(1, counter(registry, "inrvo.cache.hits", "cache", "user-profile"));
      assertEquals(1, registry.get("inrvo.cache.loads").tags("cache", "user-profile", "result", "success")
          .functionCounter().count());
      assertTrue(registry.get("inrvo.deduplicator.calls").tag("result", "executed").functionCounters().stream()
          .mapToDouble(c -> c.count()).sum() >= 1, "the miss loaded through a deduplicator");

      double before = counter(registry, "inrvo.cache.invalidations", "kind", "change");
      TestSql.script(DB.dataSource(), "update public.users set last_name = 'Changed' where id = '" + bob + "'");
      await(() -> counter(registry, "inrvo.cache.invalidations", "kind", "change"), before + 1,
          "the change to be applied");
      assertTrue(registry.get("inrvo.cache.listener.notifications").functionCounter().count() >= 1);
      assertEquals(0, registry.get("inrvo.cache.listener.reconnects").functionCounter().count());
      assertNoUserIdIn(registry, bob);
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

  private static void assertNoUserIdIn(MeterRegistry registry, UUID user) {
    for (Meter meter : registry.getMeters()) {
      for (Tag tag : meter.getId().getTags()) {
        assertFalse(tag.getValue().contains(user.toString()), meter.getId().toString());
      }
    }
  }
}
