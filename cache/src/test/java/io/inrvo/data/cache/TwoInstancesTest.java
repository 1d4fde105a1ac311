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
 * through one instance, and plain SQL, reach the other's caches; a listener whose connection is
 * killed reconnects and serves nothing that changed while it was down. Waits are bounded and
 * end on the instances' applied-invalidation counters.
 */
class TwoInstancesTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static final PageRequest FIRST_PAGE = PageRequest.first(10);


  private final Statements statementsOne = new Statements();
  private final Statements statementsTwo = new Statements();
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
    two = CachingInrvo.wrap(Inrvo.builder(poolTwo).statementListener(statementsTwo).build());
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
  void afterItsConnectionIsKilledTheListenerReconnectsAndNothingStaleSurvives(@TestUser("alice") UUID alice, DataSource db) {
    Session aliceTwo = two.asUser(alice);
    Page<MeditationSummary> cachedPage = aliceTwo.history().page(FIRST_PAGE);
    String cachedName = aliceTwo.profile().get().lastName().orElseThrow();
    int pid = two.listener().orElseThrow().backendPid().orElseThrow();
    long flushes = two.stats().appliedFlushCount();

    GateDataSource.Gate reconnection = listenerConnections.holdNext(false);
    assertEquals(true, TestSql.value(db, "select pg_terminate_backend(?, 10000)", pid), "the listener's backend is gone");
    reconnection.awaitEntered(); // the listener noticed and is reconnecting: changes now go unseen

    TestSql.exec(db, "update public.users set last_name = 'Changed while down' where id = ?", alice);
    UUID saved = one.asUser(alice).history().save(NewMeditation.withPrompt("saved while instance 2 was deaf"));
    assertSame(cachedPage, aliceTwo.history().page(FIRST_PAGE), "missed while down: still the cached page");
    assertEquals(cachedName, aliceTwo.profile().get().lastName().orElseThrow());

    reconnection.open();
    awaitMore(() -> two.stats().appliedFlushCount(), flushes, "instance 2 to reconnect and flush");

    assertTrue(ids(aliceTwo.history().page(FIRST_PAGE)).contains(saved), "nothing stale survives the reconnection");
    assertEquals(Optional.of("Changed while down"), aliceTwo.profile().get().lastName());
    ListenerStats stats = two.stats().listener().orElseThrow();
    assertEquals(1, stats.reconnectCount());
    assertTrue(stats.connected());
    assertNotEquals(pid, two.listener().orElseThrow().backendPid().orElseThrow());

    long changes = two.stats().appliedChangeCount();
    TestSql.exec(db, "update public.users set last_name = 'After the reconnection' where id = ?", alice);
    awaitMore(() -> two.stats().appliedChangeCount(), changes, "the new connection to deliver");
    assertEquals(Optional.of("After the reconnection"), aliceTwo.profile().get().lastName());
  }

  @Test
  void closeStopsTheListenerAndOnlyOneCanRun(@TestUser("alice") UUID alice) {
    InvalidationListener listener = two.listener().orElseThrow();
    assertThrows(IllegalStateException.class, () -> two.startListener(DB.dataSource()), "one listener per instance");

    two.close();

    assertTrue(two.listener().isEmpty());
    assertFalse(listener.stats().connected());
    assertFalse(two.stats().listener().orElseThrow().connected(), "its last counters stay readable");
    assertThrows(IllegalStateException.class, () -> two.startListener(DB.dataSource()));
    assertFalse(two.asUser(alice).history().page(FIRST_PAGE).items().isEmpty(), "sessions still work");
  }
}
