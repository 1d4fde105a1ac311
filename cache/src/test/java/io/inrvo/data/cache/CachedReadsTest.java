package io.inrvo.data.cache;

import static io.inrvo.data.cache.Await.until;
import static io.inrvo.data.cache.Statements.reads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.CountPolicy;
import io.inrvo.data.Inrvo;
import io.inrvo.data.NotFoundException;
import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.UnavailableException;
import io.inrvo.data.admin.AdminListRequest;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.profile.UserProfile;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestAdmin;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jooq.JSONB;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads through {@link CachingInrvo}: one query for many concurrent callers, failures shared but
 * not kept, what is cached and what is not, transactions, the time to live. Counts statements,
 * never time.
 */
class CachedReadsTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static final PageRequest FIRST_PAGE = PageRequest.first(20);

  private static HikariDataSource pool;

  private final Statements statements = new Statements();
  private GateDataSource gate;
  private CachingInrvo inrvo;

  @BeforeAll
  static void data(DataSource db, TestDatabase database, @TestUser("alice") UUID alice, @TestUser("bob") UUID bob) {
    Fixtures.fill(DB.dataSource(), DB.user("alice"), 30);
    Fixtures.fill(DB.dataSource(), DB.user("bob"), 30);
    pool = database.pool(8);
  }


  @BeforeEach
  void instance() {
    gate = new GateDataSource(pool);
    inrvo = CachingInrvo.wrap(Inrvo.builder(gate).statementListener(statements).build());
  }

  @AfterEach
  void close() {
    inrvo.close();
  }

  private DeduplicatorStats historyFlights() {
    return inrvo.stats().deduplicator("meditation-history");
  }

  private Page<MeditationSummary> alicePage() {
    return inrvo.asUser(DB.user("alice")).history().page(FIRST_PAGE);
  }

  @Test
  void sixtyFourConcurrentColdReadsOfOnePageMakeOneQuery() {
    Statements.Parking load = statements.parkNext(reads("meditation_history"));
    List<Concurrently.Call> calls = Concurrently.start(64, this::alicePage);
    load.awaitParked();
    until(() -> historyFlights().sharedCount() == 63, "the other 63 callers joined the running load");
    load.release();

    Object first = calls.get(0).result();
    assertInstanceOf(Page.class, first);
    for (Concurrently.Call call : calls) {
      assertSame(first, call.result(), "every caller gets the one loaded page");
    }
    assertEquals(20, ((Page<?>) first).items().size());
    assertEquals(1, statements.count(reads("meditation_history")), "one query for 64 callers");
    assertEquals(1, historyFlights().executionCount());

    assertSame(first, alicePage(), "then served from the cache");
    assertEquals(1, statements.count(reads("meditation_history")));
    CacheStats stats = inrvo.stats().cache("meditation-history");
    assertEquals(1, stats.missCount());
    assertEquals(1, stats.hitCount());
    assertEquals(1, stats.loadSuccessCount());
    assertEquals(65, inrvo.stats().requestCount(), "1 miss, 63 shared, 1 hit");
    assertEquals(64.0 / 65, inrvo.stats().hitRate(), 1e-9);
  }

  /** A cached read the spec wants deduplicated, the table its query reads, and its cache. */
  record SharedRead(String name, String table, String cache, Function<CachingInrvo, Object> read) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<SharedRead> sharedReads() {
    return Stream.of(
        new SharedRead("favorites", "meditation_history", "meditation-history",
            i -> i.asUser(DB.user("alice")).history().favorites(FIRST_PAGE)),
        new SharedRead("voice profiles", "voice_profiles", "voice-profiles", i -> i.asUser(DB.user("alice")).voiceProfiles().list()),
        new SharedRead("service voice lookup", "voice_profiles", "voice-profiles",
            i -> i.asService().voiceProfiles().lookup(Fixtures.voiceProfile(DB.dataSource(), DB.user("alice")), DB.user("alice"))),
        new SharedRead("current user profile", "users", "user-profile", i -> i.asUser(DB.user("alice")).profile().get()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sharedReads")
  void concurrentColdReadsShareOneQuery(SharedRead read) {
    Statements.Parking load = statements.parkNext(reads(read.table()));
    List<Concurrently.Call> calls = Concurrently.start(16, () -> read.read().apply(inrvo));
    load.awaitParked();
    until(() -> inrvo.stats().deduplicator(read.cache()).sharedCount() == 15, "the other 15 callers joined");
    load.release();

    Object first = calls.get(0).result();
    for (Concurrently.Call call : calls) {
      assertSame(first, call.result());
    }
    assertEquals(1, statements.count(reads(read.table())), "one query for 16 callers");
  }

  @Test
  void aFailedLoadReachesEveryWaiterAndIsNotRemembered() {
    GateDataSource.Gate refused = gate.holdNext(true);
    List<Concurrently.Call> calls = Concurrently.start(64, this::alicePage);
    refused.awaitEntered();
    until(() -> historyFlights().sharedCount() == 63, "the other 63 callers joined the failing load");
    refused.open();

    Object failure = calls.get(0).result();
    assertInstanceOf(UnavailableException.class, failure);
    for (Concurrently.Call call : calls) {
      assertSame(failure, call.result(), "every caller gets the load's exception");
    }
    assertEquals(1, historyFlights().executionCount());
    assertEquals(1, inrvo.stats().cache("meditation-history").loadFailureCount());

    Page<MeditationSummary> page = alicePage();
    assertEquals(20, page.items().size(), "the next call runs afresh and succeeds");
    assertEquals(2, historyFlights().executionCount());
    assertEquals(1, statements.count(reads("meditation_history")));
  }

  @Test
  void aWaiterThatIsInterruptedLeavesTheOthersTheirPage() {
    Statements.Parking load = statements.parkNext(reads("meditation_history"));
    List<Concurrently.Call> calls = Concurrently.start(64, this::alicePage);
    load.awaitParked();
    until(() -> historyFlights().sharedCount() == 63, "the other 63 callers joined the running load");
    Concurrently.Call quitter = calls.stream().filter(c -> c.thread() != load.thread()).findFirst().orElseThrow();

    quitter.thread().interrupt();
    assertInstanceOf(CancellationException.class, quitter.result(), "the interrupted waiter stops waiting");
    assertTrue(quitter.wasInterrupted(), "and keeps its interrupt flag");
    load.release();

    Object page = calls.stream().filter(c -> c != quitter).findFirst().orElseThrow().result();
    assertInstanceOf(Page.class, page);
    for (Concurrently.Call call : calls) {
      if (call != quitter) {
        assertSame(page, call.result());
      }
    }
    assertEquals(1, statements.count(reads("meditation_history")));
    assertSame(page, alicePage(), "the shared load finished and was cached");
  }

  @Test
  void everyCachedReadIsServedFromTheCacheTheSecondTime(@TestUser("alice") UUID alice, @TestAdmin("admin") UUID admin, DataSource db) {
    UUID aliceVoice = Fixtures.voiceProfile(db, alice);
    Session user = inrvo.asUser(alice);
    Page<MeditationSummary> first = inrvo.uncached().asUser(alice).history().page(FIRST_PAGE);
    Map<String, Supplier<Object>> reads = new LinkedHashMap<>();
    reads.put("history page", () -> user.history().page(FIRST_PAGE));
    reads.put("history page, no count", () -> user.history().page(FIRST_PAGE.withCount(CountPolicy.NONE)));
    reads.put("history page after a cursor", () -> user.history().page(FIRST_PAGE.after(first.next().orElseThrow())));
    reads.put("history page at an offset", () -> user.history().page(FIRST_PAGE.atOffset(5)));
    reads.put("favorites", () -> user.history().favorites(FIRST_PAGE));
    reads.put("with audio", () -> user.history().withAudio(FIRST_PAGE));
    reads.put("voice profiles", () -> user.voiceProfiles().list());
    reads.put("own voice lookup", () -> user.voiceProfiles().lookup(aliceVoice, alice));
    reads.put("service voice lookup", () -> inrvo.asService().voiceProfiles().lookup(aliceVoice, alice));
    reads.put("profile", () -> user.profile().find());
    reads.put("presets", () -> user.audioTags().presets());
    reads.put("service presets", () -> inrvo.asService().audioTags().presets());
    reads.put("preferences", () -> user.audioTags().preferences());
    reads.put("latest conversation", () -> user.conversations().latest());
    reads.put("conversation", () -> user.conversations().find(Fixtures.conversation(alice)));
    reads.put("admin users", () -> inrvo.asAdmin(admin).admin().users(AdminListRequest.first(10)));
    reads.put("admin meditations", () -> inrvo.asAdmin(admin).admin().meditations(AdminListRequest.first(10)));
    reads.put("admin voice profiles", () -> inrvo.asAdmin(admin).admin().voiceProfiles(AdminListRequest.first(10)));

    Map<String, Object> loaded = new LinkedHashMap<>();
    reads.forEach((name, read) -> {
      long before = statements.count();
      loaded.put(name, read.get());
      assertTrue(statements.count() > before, name + " goes to the database the first time");
    });
    long afterLoads = statements.count();
    reads.forEach((name, read) -> assertSame(loaded.get(name), read.get(), name + " comes from the cache"));
    assertEquals(afterLoads, statements.count(), "no statement for cached reads");

    assertEquals(loaded.get("profile"), Optional.of(user.profile().get()), "get shares find's entry");
    assertEquals(afterLoads, statements.count());
    assertTrue(((Optional<?>) loaded.get("own voice lookup")).isPresent());
  }

  @Test
  void anAbsentResultIsCachedButAnExceptionIsNot(@TestUser("alice") UUID alice) {
    Session stranger = inrvo.asUser(UUID.randomUUID()); // no users row
    assertEquals(Optional.empty(), stranger.profile().find());
    assertEquals(Optional.empty(), stranger.profile().find());
    assertEquals(Optional.empty(), inrvo.asUser(alice).conversations().find("no-such-conversation"));
    assertEquals(Optional.empty(), inrvo.asUser(alice).conversations().find("no-such-conversation"));
    assertEquals(2, statements.count(), "absent is an answer, cached like any other");

    assertThrows(NotFoundException.class, () -> stranger.audioTags().preferences());
    assertThrows(NotFoundException.class, () -> stranger.audioTags().preferences());
    assertEquals(4, statements.count(), "a NotFoundException is not cached: each call asks again");
    assertThrows(NotFoundException.class, () -> stranger.profile().get());
    assertEquals(5, statements.count(), "get on a cached absence asks the database for its exception");
  }

  @Test
  void uncachedReadsGoToTheDatabaseEveryTime(@TestUser("alice") UUID alice) {
    Session user = inrvo.asUser(alice);
    UUID meditation = alicePage().items().get(0).id();
    Map<String, Runnable> reads = new LinkedHashMap<>();
    reads.put("meditation with script", () -> user.history().find(meditation));
    reads.put("voice clones", () -> user.voiceClones().active());
    reads.put("conversation search", () -> user.conversations().search(JSONB.valueOf("[{\"role\":\"user\"}]"), 10));
    reads.put("transcript", () -> user.conversations().transcript(Fixtures.conversation(alice), 1, 10));
    reads.forEach((name, read) -> {
      for (int i = 0; i < 2; i++) {
        long before = statements.count();
        read.run();
        assertTrue(statements.count() > before, name + " call " + (i + 1) + " goes to the database");
      }
    });
  }

  @Test
  void readsInsideATransactionGoToTheDatabaseAndSkipTheCache(@TestUser("alice") UUID alice) {
    Page<MeditationSummary> cached = alicePage();
    Optional<UserProfile> profile = inrvo.asUser(alice).profile().find();
    long before = statements.count();

    Page<MeditationSummary> inside = inrvo.asUser(alice).inTransaction(tx -> {
      assertEquals(profile, tx.profile().find());
      assertEquals(profile.orElseThrow(), tx.profile().get());
      return tx.history().page(FIRST_PAGE);
    });

    assertEquals(cached, inside);
    assertNotSame(cached, inside, "read from the database, not the cache");
    assertEquals(before + 3, statements.count(), "find, get and page each queried");
    assertEquals(2, inrvo.stats().requestCount(), "only the two reads outside went through the cache");
  }

  @Test
  void theTimeToLiveBoundsAChangeNoOneAnnounced(@TestUser("bob") UUID bob, DataSource db) {
    FakeTime time = new FakeTime();
    Duration ttl = CacheSettings.defaults().userProfile().timeToLive();
    try (CachingInrvo ticking = CachingInrvo.builder(
        Inrvo.builder(pool).statementListener(statements).build()).backend(CacheBackend.caffeine(time)).build()) {
      Session session = ticking.asUser(bob);
      assertEquals(Optional.of("bob"), session.profile().get().firstName());
      TestSql.exec(db, "update public.users set first_name = 'Robert' where id = ?", bob); // no listener runs

      time.advance(ttl.minusNanos(1));
      assertEquals(Optional.of("bob"), session.profile().get().firstName(), "unseen within the time to live");
      time.advance(Duration.ofNanos(1));
      assertEquals(Optional.of("Robert"), session.profile().get().firstName(), "seen once it expired");
      assertEquals(2, statements.count());
      CacheStats stats = ticking.stats().cache("user-profile");
      assertEquals(1, stats.evictionCount(), "the expired entry counts as evicted");
      assertEquals(2, stats.loadSuccessCount());
      assertTrue(stats.averageLoadTime().orElseThrow().compareTo(Duration.ZERO) > 0, "load time is measured");
    } finally {
      TestSql.exec(db, "update public.users set first_name = 'bob' where id = ?", bob);
    }
  }

  @Test
  void theUncachedInstanceReadsEveryTimeAndCannotBeWrappedTwice(@TestUser("alice") UUID alice) {
    Session plain = inrvo.uncached().asUser(alice);
    plain.history().page(FIRST_PAGE);
    plain.history().page(FIRST_PAGE);
    assertEquals(2, statements.count(reads("meditation_history")));
    assertEquals(0, inrvo.stats().requestCount());
    assertThrows(IllegalArgumentException.class, () -> CachingInrvo.wrap(inrvo));
    assertSame(inrvo.uncached().options(), inrvo.options());
  }

  @Test
  void callersOfOneUserDoNotShareEntries(@TestUser("alice") UUID alice, @TestUser("bob") UUID bob) {
    Page<MeditationSummary> asUser = inrvo.asUser(alice).history().page(FIRST_PAGE);
    Page<MeditationSummary> asAdmin = inrvo.asAdmin(alice).history().page(FIRST_PAGE);
    Page<MeditationSummary> bobs = inrvo.asUser(bob).history().page(FIRST_PAGE);
    assertEquals(3, statements.count(reads("meditation_history")), "user, admin session and another user: three keys");
    assertEquals(asUser, asAdmin, "the same rows, loaded separately");
    assertFalse(bobs.items().stream().anyMatch(asUser.items()::contains));
  }

}
