package io.inrvo.data.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.InvalidInputException;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUsers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AnalyticsRefresherTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static long totalUsersInView() {
    return TestSql.count(DB.dataSource(), "select total_users from public.admin_analytics_cache");
  }

  @Test
  void refreshNowRefreshesTheViewAndReportsItsTimestamp() {
    long before = totalUsersInView();
    TestUsers.create(DB.dataSource(), "refresh-" + System.nanoTime() + "@example.test");
    Instant fixed = Instant.parse("2030-01-01T00:00:00Z");
    AnalyticsRefresher refresher = AnalyticsRefresher.builder(DB.dataSource())
        .clock(Clock.fixed(fixed, ZoneOffset.UTC)).build();

    RefreshOutcome outcome = refresher.refreshNow();

    assertEquals(RefreshOutcome.Status.REFRESHED, outcome.status(), outcome.toString());
    assertEquals(before + 1, totalUsersInView());
    assertEquals(fixed, outcome.startedAt());
    assertEquals(Duration.ZERO, outcome.took());
    assertEquals(Instant.parse(TestSql.text(DB.dataSource(),
            "select to_char(refreshed_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
                + "from public.admin_analytics_cache")),
        outcome.viewRefreshedAt().orElseThrow());
    assertEquals(new RefreshCounters(1, 0, 0), refresher.counters());
    assertEquals(outcome, refresher.lastOutcome().orElseThrow());
  }

  @Test
  void twoRefreshersAtOnceRefreshOnceAndSkipOnce() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch lockHeld = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AnalyticsRefresher first = AnalyticsRefresher.builder(DB.dataSource()).afterLock(() -> {
      lockHeld.countDown();
      await(release);
    }).build();
    AnalyticsRefresher second = AnalyticsRefresher.builder(DB.dataSource()).build();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<RefreshOutcome> firstOutcome = pool.submit(() -> {
        await(start);
        return first.refreshNow();
      });
      Future<RefreshOutcome> secondOutcome = pool.submit(() -> {
        await(start);
        await(lockHeld); // the first holds the lock while the second tries
        try {
          return second.refreshNow();
        } finally {
          release.countDown();
        }
      });
      start.countDown();

      assertEquals(RefreshOutcome.Status.REFRESHED, firstOutcome.get(30, TimeUnit.SECONDS).status());
      assertEquals(RefreshOutcome.Status.SKIPPED_LOCKED, secondOutcome.get(30, TimeUnit.SECONDS).status());
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
    assertEquals(new RefreshCounters(1, 0, 0), first.counters());
    assertEquals(new RefreshCounters(0, 1, 0), second.counters());
    // the lock was transaction-scoped: gone with the first's commit
    assertEquals(RefreshOutcome.Status.REFRESHED, second.refreshNow().status());
  }

  @Test
  void startedRefresherRefreshesOnItsScheduleUntilClosed() throws Exception {
    List<RefreshOutcome> outcomes = new CopyOnWriteArrayList<>();
    CountDownLatch three = new CountDownLatch(3);
    AnalyticsRefresher refresher = AnalyticsRefresher.builder(DB.dataSource())
        .interval(Duration.ofMillis(10))
        .statementTimeout(Duration.ofSeconds(30)) // the default, the interval, is too short here
        .onOutcome(outcome -> {
          outcomes.add(outcome);
          three.countDown();
        })
        .build();
    try (refresher) {
      assertEquals(refresher, refresher.start());
      refresher.start(); // a second start changes nothing
      assertTrue(three.await(30, TimeUnit.SECONDS), "three scheduled attempts: " + outcomes);
    }
    long attempts = refresher.counters().attempts();

    assertTrue(outcomes.stream().allMatch(o -> o.status() == RefreshOutcome.Status.REFRESHED), outcomes.toString());
    assertEquals(attempts, refresher.counters().refreshed());
    assertThrows(IllegalStateException.class, refresher::start);
    assertEquals(attempts, refresher.counters().attempts(), "no attempt after close returned");
  }

  @Test
  void builderRejectsNonsense() {
    AnalyticsRefresher.Builder builder = AnalyticsRefresher.builder(DB.dataSource());

    assertThrows(InvalidInputException.class, () -> builder.interval(Duration.ZERO));
    assertThrows(InvalidInputException.class, () -> builder.initialDelay(Duration.ofSeconds(-1)));
    assertThrows(InvalidInputException.class, () -> builder.statementTimeout(Duration.ofSeconds(-1)));
    assertEquals(AnalyticsRefresher.DEFAULT_INTERVAL, builder.build().interval());
    assertEquals(Duration.ofMinutes(5), AnalyticsRefresher.DEFAULT_INTERVAL);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
