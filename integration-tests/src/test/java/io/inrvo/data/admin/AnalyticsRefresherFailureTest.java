package io.inrvo.data.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Failing refreshes, on a database of their own: each test breaks the view's refresh and mends it. */
class AnalyticsRefresherFailureTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static final String DROP_UNIQUE_INDEX = "drop index public.idx_admin_analytics_cache_id";
  private static final String RESTORE_UNIQUE_INDEX =
      "create unique index idx_admin_analytics_cache_id on public.admin_analytics_cache (id)";

  @Test
  void refreshWithoutTheUniqueIndexFailsIsCountedAndReadersKeepReading() {
    TestSql.script(DB.dataSource(), DROP_UNIQUE_INDEX);
    try {
      AnalyticsRefresher refresher = AnalyticsRefresher.builder(DB.dataSource()).build();

      RefreshOutcome outcome = refresher.refreshNow();

      assertEquals(RefreshOutcome.Status.FAILED, outcome.status());
      assertTrue(outcome.failure().orElseThrow().contains("unique index"), outcome.toString());
      assertTrue(outcome.viewRefreshedAt().isEmpty());
      assertEquals(new RefreshCounters(0, 0, 1), refresher.counters());
      assertEquals(1, TestSql.count(DB.dataSource(), "select count(id) from public.admin_analytics_cache"));
    } finally {
      TestSql.script(DB.dataSource(), RESTORE_UNIQUE_INDEX);
    }
  }

  @Test
  void refreshFailingInTheDatabaseIsCountedNotThrown() {
    TestSql.script(DB.dataSource(),
        "alter function public.refresh_admin_analytics() rename to refresh_admin_analytics_moved");
    try {
      AnalyticsRefresher refresher = AnalyticsRefresher.builder(DB.dataSource()).build();

      RefreshOutcome outcome = refresher.refreshNow();

      assertEquals(RefreshOutcome.Status.FAILED, outcome.status());
      assertTrue(outcome.failure().orElseThrow().contains("refresh_admin_analytics()"), outcome.toString());
      assertEquals(new RefreshCounters(0, 0, 1), refresher.counters());
    } finally {
      TestSql.script(DB.dataSource(),
          "alter function public.refresh_admin_analytics_moved() rename to refresh_admin_analytics");
    }
    assertEquals(RefreshOutcome.Status.REFRESHED,
        AnalyticsRefresher.builder(DB.dataSource()).build().refreshNow().status(), "mended");
  }

  @Test
  void scheduledRefreshKeepsTryingAfterAFailure() throws Exception {
    TestSql.script(DB.dataSource(), DROP_UNIQUE_INDEX);
    List<RefreshOutcome> outcomes = new CopyOnWriteArrayList<>();
    CountDownLatch two = new CountDownLatch(2);
    try (AnalyticsRefresher refresher = AnalyticsRefresher.builder(DB.dataSource())
        .interval(Duration.ofMillis(10))
        .statementTimeout(Duration.ofSeconds(30)) // the default, the interval, is too short here
        .onOutcome(outcome -> {
          outcomes.add(outcome);
          two.countDown();
          throw new IllegalStateException("a failing listener does not stop the schedule either");
        })
        .build()
        .start()) {
      // a second attempt only happens if the first failure did not escape the scheduled task
      assertTrue(two.await(30, TimeUnit.SECONDS), "two attempts: " + outcomes);
      assertTrue(refresher.counters().failed() >= 2, refresher.counters().toString());
    } finally {
      TestSql.script(DB.dataSource(), RESTORE_UNIQUE_INDEX);
    }
    assertTrue(outcomes.stream().allMatch(o -> o.status() == RefreshOutcome.Status.FAILED), outcomes.toString());
  }
}
