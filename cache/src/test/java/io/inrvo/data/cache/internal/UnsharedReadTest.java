package io.inrvo.data.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inrvo.data.Caller;
import io.inrvo.data.cache.Await;
import io.inrvo.data.cache.CacheBackend;
import io.inrvo.data.cache.CacheSpec;
import io.inrvo.data.cache.QueryKey;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code getUnshared}, the read of a session given a consistency token: it never joins the flight
 * another caller runs for the same key (whose loader, without the token, may read a lagging
 * replica), and still serves what is live in the cache.
 */
class UnsharedReadTest {

  private final FencedQueryCache<String> cache = FencedQueryCache.create(CacheBackend.caffeine(),
      new CacheSpec("meditation-history", Duration.ofMinutes(5), 100), Coherence.UNTRACKED);
  private final QueryKey page = QueryKey.of(Caller.user(UUID.randomUUID()), "history.page", 20);
  /** A thread per caller: the common pool may have a single one on a small machine. */
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void stopCallers() {
    callers.shutdownNow();
  }

  @Test
  void anUnsharedReadDoesNotJoinAnotherCallersFlight() {
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> flight = CompletableFuture.supplyAsync(() -> cache.get(page, () -> {
      loading.countDown();
      Await.await(release, "the test to release the first load");
      return "the other caller's load";
    }), callers);
    Await.await(loading, "the first load to start");
    CompletableFuture<String> shared = CompletableFuture.supplyAsync(() -> cache.get(page, () -> "never loaded"), callers);
    Await.until(() -> cache.deduplicatorStats().sharedCount() == 1, "the plain read to join the flight");
    CompletableFuture<String> unshared = CompletableFuture.supplyAsync(() -> cache.getUnshared(page, () -> "its own load"),
        callers);
    Await.until(unshared::isDone, "the unshared read to return while the other caller's load still runs");
    assertEquals("its own load", unshared.join());

    release.countDown();

    assertEquals("the other caller's load", flight.join());
    assertEquals("the other caller's load", shared.join(), "a plain read shares the flight");
    assertEquals(1, cache.deduplicatorStats().sharedCount(), "the unshared read joined no flight");
  }

  @Test
  void anUnsharedReadServesALiveEntry() {
    assertEquals("cached", cache.get(page, () -> "cached"));

    assertEquals("cached", cache.getUnshared(page, () -> "loaded again"));
    assertEquals("loaded again", cache.getUnshared(QueryKey.of(Caller.user(UUID.randomUUID()), "history.page", 20),
        () -> "loaded again"), "a miss loads with its own loader");
  }
}
