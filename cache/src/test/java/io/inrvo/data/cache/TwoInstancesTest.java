package io.inrvo.data.cache;

import static io.inrvo.data.cache.Await.until;
import static io.inrvo.data.cache.Statements.reads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.ConsistencyToken;
import io.inrvo.data.Inrvo;
import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two application instances on one database, each with its own pool, caches and listener: writes
 * through one instance, and plain SQL, reach the other's caches; an instance whose listener's
 * connection is killed serves nothing cached before, keeps what it loads meanwhile only briefly,
 * and after reconnecting serves nothing that changed while it was down. Waits are bounded and
 * end on the instances' applied-invalidation counters.
 */
class TwoInstancesTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static final PageRequest FIRST_PAGE = PageRequest.first(10);


  private final Statements statementsOne = new Statements();
  private final Statements statementsTwo = new Statements();
  private final FakeTime time = new FakeTime();
  private HikariDataSource poolOne;
  private HikariDataSource poolTwo;
  /** Instance 2's listener connects through this gate, so a test can hold its reconnection. */
  private GateDataSource listenerConnections;
  private CachingInrvo one;
  private CachingInrvo two;

  @BeforeAll
  static void data(DataSource db, @TestUser("alice") UUID alice) {
    Fixtures.fill(DB.dataSource(), DB.user("alice"), 12);
  }

  @BeforeEach
  void instances() {
    poolOne = DB.database().pool(4);
    poolTwo = DB.database().pool(4);
    one = CachingInrvo.wrap(Inrvo.builder(poolOne).statementListener(statementsOne).build());
    // Instance 2's time stands still: what it caches while its listener is down stays servable.
    two = CachingInrvo.builder(Inrvo.builder(poolTwo).statementListener(statementsTwo).build())
        .backend(CacheBackend.caffeine(time)).ticker(time).build();
    DatabaseServer server = DB.database().server();
    // Instance 1: a direct URL, as recommended. Instance 2: direct connections of a non-pooling
    // data source, behind a gate.
    one.startListener(b -> fast(b).jdbcUrl(DB.database().jdbcUrl(), server.user(), server.password()));
    listenerConnections = new GateDataSource(DB.dataSource());
    two.startListener(b -> fast(b).dataSource(listenerConnections));
    until(() -> one.stats().appliedFlushCount() == 1 && two.stats().appliedFlushCount() == 1,
        "both listeners connected and flushed");
  }

  @AfterEach
  void close() {
    one.close();
    two.close();
    poolOne.close();
    poolTwo.close();
  }

  private static InvalidationListener.Builder fast(InvalidationListener.Builder builder) {
    return builder
        .pollTimeout(Duration.ofMillis(50))
        .validationInterval(Duration.ofMillis(200))
        .backoff(Duration.ofMillis(10), Duration.ofMillis(100));
  }

  /** Waits until {@code counter} exceeds {@code before}, at most {@link Await#TIMEOUT}. */
  private static void awaitMore(LongSupplier counter, long before, String what) {
    until(() -> counter.getAsLong() > before, what);
  }

  /** Whether {@code instance}'s listener has caught up past {@code token}. */
  private static boolean caughtUpPast(CachingInrvo instance, ConsistencyToken token) {
    return instance.stats().listener().orElseThrow().caughtUpTo()
        .map(position -> position.lsn() > token.walPosition()).orElse(false);
  }

  private static List<UUID> ids(Page<MeditationSummary> page) {
    return page.items().stream().map(MeditationSummary::id).toList();
  }

  @Test
  void aWriteThroughOneInstanceReachesTheOthersCache(@TestUser("alice") UUID alice) {
    Session aliceOne = one.asUser(alice);
    Session aliceTwo = two.asUser(alice);
    Page<MeditationSummary> cachedInTwo = aliceTwo.history().page(FIRST_PAGE);
    Page<MeditationSummary> cachedInOne = aliceOne.history().page(FIRST_PAGE);
    assertSame(cachedInTwo, aliceTwo.history().page(FIRST_PAGE), "cached in instance 2");

    long changesInTwo = two.stats().appliedChangeCount();
    UUID savedInOne = aliceOne.history().save(NewMeditation.withPrompt("saved through instance 1"));
    awaitMore(() -> two.stats().appliedChangeCount(), changesInTwo, "instance 2 to apply the change");
    assertTrue(ids(aliceTwo.history().page(FIRST_PAGE)).contains(savedInOne), "instance 2 reads it");
    assertEquals(2, statementsTwo.count(reads("meditation_history")), "by one new query (no expiry: 5 min TTL)");

    long changesInOne = one.stats().appliedChangeCount();
    UUID savedInTwo = aliceTwo.history().save(NewMeditation.withPrompt("saved through instance 2"));
    awaitMore(() -> one.stats().appliedChangeCount(), changesInOne, "instance 1 to apply the change");
    List<UUID> seenByOne = ids(aliceOne.history().page(FIRST_PAGE));
    assertTrue(seenByOne.contains(savedInOne) && seenByOne.contains(savedInTwo), "and the other way round");
    assertFalse(ids(cachedInOne).contains(savedInOne));
  }

  @Test
  void aPlainSqlWriteReachesBothCaches(@TestUser("alice") UUID alice, DataSource db) {
    Session aliceOne = one.asUser(alice);
    Session aliceTwo = two.asUser(alice);
    Optional<String> name = aliceOne.profile().get().firstName();
    assertEquals(name, aliceTwo.profile().get().firstName());
    long changesOne = one.stats().appliedChangeCount();
    long changesTwo = two.stats().appliedChangeCount();

    TestSql.exec(db, "update public.users set first_name = 'Alicia' where id = ?", alice);

    awaitMore(() -> one.stats().appliedChangeCount(), changesOne, "instance 1 to apply the change");
    awaitMore(() -> two.stats().appliedChangeCount(), changesTwo, "instance 2 to apply the change");
    assertEquals(Optional.of("Alicia"), aliceOne.profile().get().firstName());
    assertEquals(Optional.of("Alicia"), aliceTwo.profile().get().firstName());
  }

  @Test
  void whileItsListenerIsDownAnInstanceServesNothingCachedBeforeAndNothingStaleSurvivesTheReconnection(
      @TestUser("alice") UUID alice, DataSource db) {
    Session aliceTwo = two.asUser(alice);
    Page<MeditationSummary> cachedPage = aliceTwo.history().page(FIRST_PAGE);
    assertSame(cachedPage, aliceTwo.history().page(FIRST_PAGE));
    int pid = two.listener().orElseThrow().backendPid().orElseThrow();
    long flushes = two.stats().appliedFlushCount();

    GateDataSource.Gate reconnection = listenerConnections.holdNext(false);
    assertEquals(true, TestSql.value(db, "select pg_terminate_backend(?, 10000)", pid), "the listener's backend is gone");
    reconnection.awaitEntered(); // the listener noticed and is reconnecting: changes now go unseen
    assertEquals(InvalidationStatus.State.DISCONNECTED, two.invalidationStatus().state());
    assertEquals(flushes + 1, two.stats().appliedFlushCount(), "flushed as soon as it noticed");

    TestSql.exec(db, "update public.users set last_name = 'Changed while down' where id = ?", alice);
    UUID saved = one.asUser(alice).history().save(NewMeditation.withPrompt("saved while instance 2 was deaf"));
    Page<MeditationSummary> whileDown = aliceTwo.history().page(FIRST_PAGE);
    assertTrue(ids(whileDown).contains(saved), "nothing cached before the loss is served while down");
    assertEquals(Optional.of("Changed while down"), aliceTwo.profile().get().lastName());
    assertSame(whileDown, aliceTwo.history().page(FIRST_PAGE), "what is loaded while down is cached, briefly");
    UUID unheard = one.asUser(alice).history().save(NewMeditation.withPrompt("saved while instance 2 is still deaf"));
    assertSame(whileDown, aliceTwo.history().page(FIRST_PAGE), "unheard: served until the reconnection or its short TTL");

    reconnection.open();
    awaitMore(() -> two.stats().appliedFlushCount(), flushes + 1, "instance 2 to reconnect and flush");

    assertTrue(ids(aliceTwo.history().page(FIRST_PAGE)).contains(unheard), "nothing stale survives the reconnection");
    assertEquals(InvalidationStatus.State.LISTENING, two.invalidationStatus().state());
    ListenerStats stats = two.stats().listener().orElseThrow();
    assertEquals(1, stats.reconnectCount());
    assertEquals(1, stats.lostConnectionCount());
    assertTrue(stats.connected());
    assertNotEquals(pid, two.listener().orElseThrow().backendPid().orElseThrow());

    long changes = two.stats().appliedChangeCount();
    TestSql.exec(db, "update public.users set last_name = 'After the reconnection' where id = ?", alice);
    awaitMore(() -> two.stats().appliedChangeCount(), changes, "the new connection to deliver");
    assertEquals(Optional.of("After the reconnection"), aliceTwo.profile().get().lastName());
  }

  @Test
  void aSessionGivenTheWritersTokenSeesTheWriteBeforeItsInvalidationArrivesAndIsCachedOnceItHas(
      @TestUser("alice") UUID alice, DataSource db) {
    Session aliceTwo = two.asUser(alice);
    ConsistencyToken earlier = ConsistencyToken.parse("wal:" + TestSql.text(db, "select pg_current_wal_insert_lsn()::text"));
    until(() -> caughtUpPast(two, earlier), "instance 2 to catch up past an earlier token");
    int pid = two.listener().orElseThrow().backendPid().orElseThrow();
    GateDataSource.Gate reconnection = listenerConnections.holdNext(false);
    assertEquals(true, TestSql.value(db, "select pg_terminate_backend(?, 10000)", pid), "the listener's backend is gone");
    reconnection.awaitEntered(); // instance 2 hears no change now
    assertTrue(two.stats().listener().orElseThrow().caughtUpTo().isEmpty(),
        "a lost connection clears it: the primary it reconnects to may reuse lower positions");
    Page<MeditationSummary> unheard = aliceTwo.history().page(FIRST_PAGE);
    assertSame(unheard, aliceTwo.history().page(FIRST_PAGE), "cached while down: its time stands still");

    UUID saved = one.asUser(alice).history().save(NewMeditation.withPrompt("saved through instance 1"));
    // What a replica-aware instance 1 hands out after the save: the primary's position after its commit.
    ConsistencyToken token = ConsistencyToken.parse("wal:" + TestSql.text(db, "select pg_current_wal_insert_lsn()::text"));
    Session withToken = aliceTwo.withConsistency(token);
    long reads = statementsTwo.count(reads("meditation_history"));
    assertTrue(ids(withToken.history().page(FIRST_PAGE)).contains(saved), "the token's write, although unheard");
    assertTrue(ids(withToken.history().page(FIRST_PAGE)).contains(saved));
    assertEquals(reads + 2, statementsTwo.count(reads("meditation_history")), "both read around the cache");
    assertSame(unheard, aliceTwo.history().page(FIRST_PAGE), "a session without the token: the unheard entry, briefly");
    assertTrue(ids(aliceTwo.withConsistency(earlier).history().page(FIRST_PAGE)).contains(saved),
        "nor is a token covered before the loss");

    reconnection.open();
    until(() -> caughtUpPast(two, token), "instance 2 to catch up past the token");
    Page<MeditationSummary> cached = withToken.history().page(FIRST_PAGE);
    assertTrue(ids(cached).contains(saved));
    assertSame(cached, withToken.history().page(FIRST_PAGE), "caught up: the token's session reads the cache again");
  }

  @Test
  void closeStopsTheListenerAndOnlyOneCanRun(@TestUser("alice") UUID alice) {
    InvalidationListener listener = two.listener().orElseThrow();
    assertThrows(IllegalStateException.class, () -> two.startListener(DB.dataSource()), "one listener per instance");

    two.close();

    assertTrue(two.listener().isEmpty());
    assertFalse(listener.stats().connected());
    assertFalse(two.stats().listener().orElseThrow().connected(), "its last counters stay readable");
    assertEquals(InvalidationStatus.State.NO_LISTENER, two.invalidationStatus().state(), "the TTL is the bound again");
    assertThrows(IllegalStateException.class, () -> two.startListener(DB.dataSource()));
    assertFalse(two.asUser(alice).history().page(FIRST_PAGE).items().isEmpty(), "sessions still work");
  }
}
