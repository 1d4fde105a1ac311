package io.inrvo.data.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.Inrvo;
import io.inrvo.data.UnavailableException;
import io.inrvo.data.cache.CachingInrvo;
import io.inrvo.data.profile.UserProfile;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.TestUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every connection of the pool is held by a running transaction: another call waits at most the
 * pool's connection timeout and fails with {@link UnavailableException}, a cache hit is still
 * served, a cache miss fails the same way and is not cached, and once the transactions end the
 * pool has no active connection and the same calls succeed.
 */
@Tag("faults")
class PoolExhaustionFaultTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static final int SIZE = 2;
  private static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(500);
  private static final Duration SLACK = Duration.ofSeconds(5);

  @Test
  void aCallWaitsAtMostTheConnectionTimeoutAndFailsAsUnavailable(TestDatabase database, DataSource db,
      @TestUser("alice") UUID alice, @TestUser("bob") UUID bob, @TestUser("carol") UUID carol) throws Exception {
    HikariDataSource pool = database.pool(SIZE, config -> {
      config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
      config.setMinimumIdle(SIZE);
    });
    try (CachingInrvo inrvo = CachingInrvo.wrap(Inrvo.create(pool))) {
      UserProfile carolCached = inrvo.asUser(carol).profile().get();
      CountDownLatch holding = new CountDownLatch(SIZE);
      CountDownLatch release = new CountDownLatch(1);
      List<CompletableFuture<Void>> holders = new ArrayList<>();
      for (int i = 0; i < SIZE; i++) {
        holders.add(CompletableFuture.runAsync(() -> inrvo.uncached().asUser(alice).useTransaction(tx -> {
          tx.profile().get();
          holding.countDown();
          await(release);
        })));
      }
      await(holding);

      long plainWait = failsAsUnavailable(() -> inrvo.uncached().asUser(bob).profile().get());
      long missWait = failsAsUnavailable(() -> inrvo.asUser(bob).profile().get());
      assertSame(carolCached, inrvo.asUser(carol).profile().get(), "a cache hit needs no connection");
      System.out.printf("[faults] pool exhausted (%d connections, %d ms connection timeout) | a plain call failed after"
          + " %d ms, a cache miss after %d ms, both UnavailableException; a cache hit was served%n",
          SIZE, CONNECTION_TIMEOUT.toMillis(), plainWait, missWait);

      release.countDown();
      for (CompletableFuture<Void> holder : holders) {
        holder.get(Workload.STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
      FaultChecks.poolIsIdle(pool);
      assertEquals(bob, inrvo.asUser(bob).profile().get().id(), "the failed miss was not cached");
      assertEquals(1, inrvo.stats().cache("user-profile").loadFailureCount());
      FaultChecks.nothingIdleInTransaction(db, 0);
    }
  }

  /** Runs a call that must fail as unavailable, within the connection timeout; returns how long it waited. */
  private static long failsAsUnavailable(Runnable call) {
    long start = System.nanoTime();
    UnavailableException failure = assertThrows(UnavailableException.class, call::run);
    Duration waited = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(waited.compareTo(CONNECTION_TIMEOUT.plus(SLACK)) <= 0, "waited " + waited + ": " + failure);
    assertTrue(failure.isRetryable(), "a retry may get a connection: " + failure);
    return waited.toMillis();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(Workload.TIMEOUT.toSeconds(), TimeUnit.SECONDS), "timed out waiting");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
