package io.inrvo.data.cache;

import static io.inrvo.data.cache.Await.await;
import static io.inrvo.data.cache.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Caller;
import io.inrvo.data.UnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Read-through, deduplication and generation fencing, on both backends. */
class QueryCacheTest {

  private static final CacheSpec SPEC = new CacheSpec("meditation-history", Duration.ofMinutes(5), 1_000);

  static Stream<Named<BackendFactory>> backends() {
    return BackendFactory.all();
  }

  /** Every way to invalidate alice's page, with the backends. */
  static Stream<Arguments> invalidations() {
    List<Named<BiConsumer<QueryCache<String>, QueryKey>>> kinds = List.of(
        Named.of("invalidate(key)", QueryCache::invalidate),
        Named.of("invalidateUser", (cache, key) -> cache.invalidateUser(key.owner().orElseThrow())),
        Named.of("invalidateAll", (cache, key) -> cache.invalidateAll()));
    return backends().flatMap(backend -> kinds.stream().map(kind -> Arguments.of(backend, kind)));
  }

  private final FakeTime time = new FakeTime();
  private final List<CacheManager> managers = new ArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final UUID alice = UUID.randomUUID();
  private final UUID bob = UUID.randomUUID();
  private final QueryKey alicePage = QueryKey.of(Caller.user(alice), "history.page", 20);
  private final QueryKey bobPage = QueryKey.of(Caller.user(bob), "history.page", 20);

  @AfterEach
  void cleanUp() {
    threads.shutdownNow();
    managers.forEach(CacheManager::close);
  }

  private QueryCache<String> queryCache(BackendFactory backend) {
    return QueryCache.create(backend.create(time, managers), SPEC);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void concurrentColdCallsMakeOneLoad(BackendFactory backend) throws Exception {
    QueryCache<String> cache = queryCache(backend);
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    List<Future<String>> calls = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      calls.add(threads.submit(() -> cache.get(alicePage, () -> {
        loads.incrementAndGet();
        await(release, "release of the load");
        return "page";
      })));
    }
    until(() -> cache.deduplicatorStats().sharedCount() == 63, "63 callers joined the load");
    release.countDown();
    for (Future<String> call : calls) {
      assertEquals("page", call.get(10, TimeUnit.SECONDS));
    }
    assertEquals(1, loads.get());
    assertEquals("page", cache.get(alicePage, () -> "must not load: cached"));
    assertEquals(1, cache.stats().loadSuccessCount());
    assertEquals(1, cache.stats().hitCount());
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("invalidations")
  void aLoadThatStartedBeforeAnInvalidationNeverServesItsValueAfterIt(
      BackendFactory backend, BiConsumer<QueryCache<String>, QueryKey> invalidation) throws Exception {
    QueryCache<String> cache = queryCache(backend);
    AtomicReference<String> database = new AtomicReference<>("v1");
    AtomicInteger loads = new AtomicInteger();
    Supplier<String> read = () -> {
      loads.incrementAndGet();
      return database.get();
    };
    CountDownLatch oldLoadHasRead = new CountDownLatch(1);
    CountDownLatch finishOldLoad = new CountDownLatch(1);
    Future<String> oldReader = threads.submit(() -> cache.get(alicePage, () -> {
      String value = read.get();
      oldLoadHasRead.countDown();
      await(finishOldLoad, "the test to let the old load finish");
      return value;
    }));
    await(oldLoadHasRead, "the old load to read v1");

    database.set("v2"); // a write commits...
    invalidation.accept(cache, alicePage); // ...and invalidates

    // The writer reads its write at once: a new load, not the old flight.
    assertEquals("v2", cache.get(alicePage, read));
    finishOldLoad.countDown();
    assertEquals("v1", oldReader.get(10, TimeUnit.SECONDS), "the old load's own callers asked before the write");
    // The old load has now stored v1 (Caffeine replaces, JCache keeps v2): it must never come back.
    for (int i = 0; i < 3; i++) {
      assertEquals("v2", cache.get(alicePage, read));
    }
    assertTrue(loads.get() <= 3, "at most one reload to replace the old load's value, got " + loads.get());
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("invalidations")
  void aValueStoredByALoadOlderThanTheInvalidationIsNotServed(
      BackendFactory backend, BiConsumer<QueryCache<String>, QueryKey> invalidation) throws Exception {
    QueryCache<String> cache = queryCache(backend);
    AtomicReference<String> database = new AtomicReference<>("v1");
    CountDownLatch oldLoadHasRead = new CountDownLatch(1);
    CountDownLatch finishOldLoad = new CountDownLatch(1);
    Future<String> oldReader = threads.submit(() -> cache.get(alicePage, () -> {
      String value = database.get();
      oldLoadHasRead.countDown();
      await(finishOldLoad, "the test to let the old load finish");
      return value;
    }));
    await(oldLoadHasRead, "the old load to read v1");
    database.set("v2");
    invalidation.accept(cache, alicePage);
    finishOldLoad.countDown();
    assertEquals("v1", oldReader.get(10, TimeUnit.SECONDS));

    // The old load stored v1 into an empty cache, after the invalidation.
    assertEquals("v2", cache.get(alicePage, database::get));
    assertEquals("v2", cache.get(alicePage, () -> "must not load: v2 is cached"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void invalidatingOneUserLeavesOtherUsersCached(BackendFactory backend) {
    QueryCache<String> cache = queryCache(backend);
    cache.get(alicePage, () -> "alice v1");
    cache.get(bobPage, () -> "bob v1");
    cache.invalidateUser(alice);
    assertEquals("alice v2", cache.get(alicePage, () -> "alice v2"));
    assertEquals("bob v1", cache.get(bobPage, () -> "bob must not load"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void aServiceLookupAboutAUserIsInvalidatedWithThatUser(BackendFactory backend) {
    QueryCache<String> cache = queryCache(backend);
    QueryKey lookup = QueryKey.about(Caller.service(), alice, "voice.lookup", UUID.randomUUID());
    cache.get(lookup, () -> "voice v1");
    cache.invalidateUser(alice);
    assertEquals("voice v2", cache.get(lookup, () -> "voice v2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void aLoadFailureReachesEveryCallerAndIsNotCached(BackendFactory backend) throws Exception {
    QueryCache<String> cache = queryCache(backend);
    UnavailableException outage = new UnavailableException("database unreachable");
    CountDownLatch release = new CountDownLatch(1);
    List<Future<String>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(threads.submit(() -> cache.get(alicePage, () -> {
        await(release, "release of the failing load");
        throw outage;
      })));
    }
    until(() -> cache.deduplicatorStats().sharedCount() == 3, "3 callers joined the load");
    release.countDown();
    for (Future<String> call : calls) {
      assertSame(outage, assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS)).getCause());
    }
    assertEquals("recovered", cache.get(alicePage, () -> "recovered"));
    assertEquals(1, cache.stats().loadFailureCount());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void valuesExpireWithTheirTimeToLive(BackendFactory backend) {
    QueryCache<String> cache = queryCache(backend);
    cache.get(alicePage, () -> "v1");
    time.advance(Duration.ofMinutes(5).minusMillis(1));
    assertEquals("v1", cache.get(alicePage, () -> "must not load yet"));
    time.advance(Duration.ofMillis(1));
    assertEquals("v2", cache.get(alicePage, () -> "v2"));
  }

  /**
   * Eight users, each written to and read by its own thread, all through one cache, with
   * unrelated invalidations of other users in between: no read ever returns another user's value
   * or a version older than the reader's own last write.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void concurrentUsersNeverSeeEachOthersDataNorTheirOwnOlderWrites(BackendFactory backend) throws Exception {
    QueryCache<String> cache = queryCache(backend);
    Map<UUID, AtomicInteger> versions = new ConcurrentHashMap<>();
    List<UUID> users = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      UUID user = UUID.randomUUID();
      users.add(user);
      versions.put(user, new AtomicInteger());
    }
    List<Future<Integer>> workers = new ArrayList<>();
    for (int w = 0; w < users.size(); w++) {
      UUID me = users.get(w);
      Random random = new Random(w);
      workers.add(threads.submit(() -> {
        int checks = 0;
        for (int step = 0; step < 2_000; step++) {
          QueryKey key = QueryKey.of(Caller.user(me), "history.page", random.nextInt(3));
          int roll = random.nextInt(10);
          if (roll == 0) {
            versions.get(me).incrementAndGet(); // write, then invalidate: the library's write path
            cache.invalidateUser(me);
          } else if (roll == 1) {
            cache.invalidateUser(users.get(random.nextInt(users.size())));
          } else {
            int mustSee = versions.get(me).get();
            String value = cache.get(key, () -> me + "@" + versions.get(me).get());
            String[] parts = value.split("@");
            assertEquals(me.toString(), parts[0], "another user's value was returned");
            assertTrue(Integer.parseInt(parts[1]) >= mustSee,
                "read version " + parts[1] + " after writing version " + mustSee);
            checks++;
          }
        }
        return checks;
      }));
    }
    int checks = 0;
    for (Future<Integer> worker : workers) {
      checks += worker.get(60, TimeUnit.SECONDS);
    }
    assertTrue(checks > 10_000, "enough reads were checked: " + checks);
    assertTrue(cache.stats().hitCount() > 0, "and many of them came from the cache");
  }
}
