package io.inrvo.data.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Caller;
import io.inrvo.data.NotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link ValueCache} contract, run against every backend that stores values. */
class ValueCacheContractTest {

  private static final Duration TTL = Duration.ofMinutes(5);
  private static final CacheSpec SPEC = new CacheSpec("meditation-history", TTL, 100);

  static Stream<Named<BackendFactory>> backends() {
    return BackendFactory.all();
  }

  private final FakeTime time = new FakeTime();
  private final List<CacheManager> managers = new ArrayList<>();
  private final UUID alice = UUID.randomUUID();
  private final UUID bob = UUID.randomUUID();

  @AfterEach
  void closeManagers() {
    managers.forEach(CacheManager::close);
  }

  private ValueCache<String> cache(BackendFactory factory) {
    return cache(factory, SPEC);
  }

  private ValueCache<String> cache(BackendFactory factory, CacheSpec spec) {
    return factory.create(time, managers).create(spec);
  }

  private QueryKey page(UUID user, int number) {
    return QueryKey.of(Caller.user(user), "history.page", number);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void putThenGetReturnsTheValueAndCountsHitsAndMisses(BackendFactory backend) {
    ValueCache<String> cache = cache(backend);
    assertEquals(Optional.empty(), cache.getIfPresent(page(alice, 1)));
    cache.put(page(alice, 1), "alice page 1");
    assertEquals(Optional.of("alice page 1"), cache.getIfPresent(page(alice, 1)));
    assertEquals(Optional.of("alice page 1"), cache.getIfPresent(page(alice, 1)));
    CacheStats stats = cache.stats();
    assertEquals(2, stats.hitCount());
    assertEquals(1, stats.missCount());
    assertEquals(0, stats.errorCount());
    assertEquals(SPEC, cache.spec());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void valueLivesUntilJustBeforeItsTimeToLiveAndExpiresExactlyThen(BackendFactory backend) {
    ValueCache<String> cache = cache(backend);
    cache.put(page(alice, 1), "v");
    time.advance(TTL.minusMillis(1));
    assertEquals(Optional.of("v"), cache.getIfPresent(page(alice, 1)), "1 ms before the TTL");
    time.advance(Duration.ofMillis(1));
    assertEquals(Optional.empty(), cache.getIfPresent(page(alice, 1)), "at the TTL");
    assertEquals(1, cache.stats().evictionCount(), "an expiry is an eviction");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void putRestartsTheTimeToLive(BackendFactory backend) {
    ValueCache<String> cache = cache(backend);
    cache.put(page(alice, 1), "old");
    time.advance(TTL.minusMinutes(1));
    cache.put(page(alice, 1), "new");
    time.advance(Duration.ofMinutes(2));
    assertEquals(Optional.of("new"), cache.getIfPresent(page(alice, 1)));
    time.advance(TTL.minusMinutes(2));
    assertEquals(Optional.empty(), cache.getIfPresent(page(alice, 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void configuredTimeToLiveIsHonoured(BackendFactory backend) {
    ValueCache<String> cache = cache(backend, CacheSettings.defaults().voiceProfiles());
    QueryKey profiles = QueryKey.of(Caller.user(alice), "voice.list");
    cache.put(profiles, "profiles");
    time.advance(Duration.ofMinutes(30).minusMillis(1));
    assertEquals(Optional.of("profiles"), cache.getIfPresent(profiles));
    time.advance(Duration.ofMillis(1));
    assertEquals(Optional.empty(), cache.getIfPresent(profiles));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void sizeIsBounded(BackendFactory backend) {
    ValueCache<String> cache = cache(backend, SPEC.withMaximumSize(10));
    for (int i = 0; i < 50; i++) {
      cache.put(page(alice, i), "page " + i);
    }
    cache.stats(); // lets a backend finish pending maintenance
    long present = 0;
    for (int i = 0; i < 50; i++) {
      present += cache.getIfPresent(page(alice, i)).isPresent() ? 1 : 0;
    }
    assertTrue(present <= 10, "at most 10 of 50 entries remain, found " + present);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void getLoadsOnceThenServesTheStoredValue(BackendFactory backend) {
    ValueCache<String> cache = cache(backend);
    AtomicInteger loads = new AtomicInteger();
    assertEquals("loaded", cache.get(page(alice, 1), () -> {
      loads.incrementAndGet();
      return "loaded";
    }));
    assertEquals("loaded", cache.get(page(alice, 1), () -> "loaded again " + loads.incrementAndGet()));
    assertEquals(1, loads.get());
    CacheStats stats = cache.stats();
    assertEquals(1, stats.loadSuccessCount());
    assertEquals(0, stats.loadFailureCount());
    assertEquals(1, stats.hitCount());
    assertEquals(1, stats.missCount());
    assertTrue(!stats.totalLoadTime().isNegative());
    assertTrue(stats.averageLoadTime().isPresent());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void aLoaderFailurePropagatesUnchangedRunsOnceAndStoresNothing(BackendFactory backend) {
    ValueCache<String> cache = cache(backend);
    NotFoundException missing = new NotFoundException("no such meditation");
    AtomicInteger runs = new AtomicInteger();
    NotFoundException thrown = assertThrows(NotFoundException.class, () -> cache.get(page(alice, 1), () -> {
      runs.incrementAndGet();
      throw missing;
    }));
    assertSame(missing, thrown);
    assertEquals(1, runs.get(), "the loader ran exactly once");
    assertEquals(Optional.empty(), cache.getIfPresent(page(alice, 1)));
    assertEquals("now", cache.get(page(alice, 1), () -> "now"));
    CacheStats stats = cache.stats();
    assertEquals(1, stats.loadFailureCount());
    assertEquals(1, stats.loadSuccessCount());
    assertEquals(0, stats.errorCount(), "a loader failure is not a cache failure");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void aLoaderReturningNullIsRejected(BackendFactory backend) {
    ValueCache<String> cache = cache(backend);
    assertThrows(NullPointerException.class, () -> cache.get(page(alice, 1), () -> null));
    assertThrows(NullPointerException.class, () -> cache.put(page(alice, 1), null));
    assertEquals(Optional.empty(), cache.getIfPresent(page(alice, 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void sameQueryOfDifferentCallersIsStoredSeparately(BackendFactory backend) {
    ValueCache<String> cache = cache(backend);
    cache.put(page(alice, 1), "alice's");
    assertEquals(Optional.empty(), cache.getIfPresent(page(bob, 1)));
    assertEquals("bob's", cache.get(page(bob, 1), () -> "bob's"));
    assertEquals(Optional.of("alice's"), cache.getIfPresent(page(alice, 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void invalidateRemovesOneEntry(BackendFactory backend) {
    ValueCache<String> cache = cache(backend);
    cache.put(page(alice, 1), "1");
    cache.put(page(alice, 2), "2");
    cache.invalidate(page(alice, 1));
    assertEquals(Optional.empty(), cache.getIfPresent(page(alice, 1)));
    assertEquals(Optional.of("2"), cache.getIfPresent(page(alice, 2)));
    assertEquals(0, cache.stats().evictionCount(), "an invalidation is not an eviction");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void invalidateUserRemovesEveryEntryAboutThatUserAndNothingElse(BackendFactory backend) {
    ValueCache<String> cache = cache(backend);
    QueryKey aliceOwn = page(alice, 1);
    QueryKey aliceAsAdmin = QueryKey.of(Caller.admin(alice), "history.page", 1);
    QueryKey serviceAboutAlice = QueryKey.about(Caller.service(), alice, "voice.lookup", UUID.randomUUID());
    QueryKey bobOwn = page(bob, 1);
    QueryKey adminList = QueryKey.acrossUsers(Caller.admin(bob), "admin.meditations", 1);
    for (QueryKey key : List.of(aliceOwn, aliceAsAdmin, serviceAboutAlice, bobOwn, adminList)) {
      cache.put(key, key.operation());
    }

    cache.invalidateUser(alice);

    assertEquals(Optional.empty(), cache.getIfPresent(aliceOwn));
    assertEquals(Optional.empty(), cache.getIfPresent(aliceAsAdmin));
    assertEquals(Optional.empty(), cache.getIfPresent(serviceAboutAlice));
    assertEquals(Optional.of("history.page"), cache.getIfPresent(bobOwn));
    assertEquals(Optional.of("admin.meditations"), cache.getIfPresent(adminList));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void invalidateAllRemovesEverything(BackendFactory backend) {
    ValueCache<String> cache = cache(backend);
    cache.put(page(alice, 1), "a");
    cache.put(page(bob, 1), "b");
    cache.put(QueryKey.of(Caller.service(), "audioTags.presets"), "presets");
    cache.invalidateAll();
    assertEquals(Optional.empty(), cache.getIfPresent(page(alice, 1)));
    assertEquals(Optional.empty(), cache.getIfPresent(page(bob, 1)));
    assertEquals(Optional.empty(), cache.getIfPresent(QueryKey.of(Caller.service(), "audioTags.presets")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void eachNameIsCreatedOncePerBackend(BackendFactory factory) {
    CacheBackend backend = factory.create(time, managers);
    backend.create(SPEC);
    assertThrows(IllegalStateException.class, () -> backend.create(SPEC.withMaximumSize(5)));
    backend.create(CacheSettings.defaults().userProfile());
  }
}
