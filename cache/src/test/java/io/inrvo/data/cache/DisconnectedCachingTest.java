package io.inrvo.data.cache;

import static io.inrvo.data.cache.Await.until;
import static io.inrvo.data.cache.Statements.reads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Inrvo;
import io.inrvo.data.Session;
import io.inrvo.data.cache.InvalidationStatus.State;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@link CachingInrvo} whose listener cannot hear changes (not connected yet, or lost): nothing
 * cached before is served, what is loaded meanwhile lives at most the disconnected time to live
 * (on a fake ticker: time moves only when the test says), and the status says so. The database
 * stays up; only the listener's connections are refused.
 */
class DisconnectedCachingTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static final Duration SHORT = Duration.ofSeconds(5);

  private final FakeTime time = new FakeTime();
  private final Statements statements = new Statements();
  private GateDataSource listenerConnections;
  private CachingInrvo inrvo;

  private CachingInrvo start(Duration disconnectedTimeToLive) {
    listenerConnections = new GateDataSource(DB.dataSource());
    inrvo = CachingInrvo.builder(Inrvo.builder(DB.database().pool(2)).statementListener(statements).build())
        .backend(CacheBackend.caffeine(time))
        .ticker(time)
        .disconnectedTimeToLive(disconnectedTimeToLive)
        .build();
    return inrvo;
  }

  @AfterEach
  void close() {
    if (inrvo != null) {
      inrvo.close();
    }
  }

  private void startListener() {
    inrvo.startListener(b -> b.dataSource(listenerConnections)
        .pollTimeout(Duration.ofMillis(50))
        .backoff(Duration.ofMillis(10), Duration.ofMillis(50)));
  }

  private void loseTheListener(DataSource db) {
    listenerConnections.refuse(true);
    TestSql.value(db, "select pg_terminate_backend(?)", inrvo.listener().orElseThrow().backendPid().orElseThrow());
    until(() -> inrvo.invalidationStatus().state() == State.DISCONNECTED, "the listener to notice");
  }

  private long profileReads() {
    return statements.count(reads("users"));
  }

  @Test
  void theStatusFollowsTheListener(DataSource db) {
    start(SHORT);
    assertEquals(new InvalidationStatus(State.NO_LISTENER, Optional.empty(), SHORT), inrvo.invalidationStatus());

    GateDataSource.Gate first = listenerConnections.holdNext(false);
    startListener();
    first.awaitEntered();
    time.advance(Duration.ofMillis(300));
    InvalidationStatus connecting = inrvo.invalidationStatus();
    assertEquals(State.CONNECTING, connecting.state());
    assertTrue(connecting.isDegraded());
    assertEquals(Optional.of(Duration.ofMillis(300)), connecting.disconnectedFor());

    first.open();
    until(() -> inrvo.invalidationStatus().state() == State.LISTENING, "the listener to connect");
    assertFalse(inrvo.invalidationStatus().isDegraded());
    assertEquals(Optional.empty(), inrvo.invalidationStatus().disconnectedFor());

    loseTheListener(db);
    time.advance(Duration.ofSeconds(42));
    assertEquals(Optional.of(Duration.ofSeconds(42)), inrvo.invalidationStatus().disconnectedFor());
    assertEquals(1, inrvo.stats().listener().orElseThrow().lostConnectionCount());

    listenerConnections.refuse(false);
    until(() -> inrvo.invalidationStatus().state() == State.LISTENING, "the listener to reconnect");
    inrvo.close();
    assertEquals(State.NO_LISTENER, inrvo.invalidationStatus().state());
  }

  @Test
  void whileDisconnectedNothingOlderIsServedAndNewEntriesLiveBriefly(
      DataSource db, @TestUser("alice") UUID alice) {
    start(SHORT);
    startListener();
    until(() -> inrvo.invalidationStatus().state() == State.LISTENING, "the listener to connect");
    Session session = inrvo.asUser(alice);
    session.profile().get();
    time.advance(Duration.ofMinutes(1));
    session.profile().get();
    long reads = profileReads();
    assertEquals(1, reads, "listening: cached for the cache's own time to live");

    loseTheListener(db);
    TestSql.exec(db, "update public.users set last_name = 'Changed while down' where id = ?", alice);

    assertEquals(Optional.of("Changed while down"), session.profile().get().lastName(),
        "the entry cached before the loss is not served");
    assertEquals(reads + 1, profileReads());
    TestSql.exec(db, "update public.users set last_name = 'Unheard' where id = ?", alice);
    time.advance(SHORT.minusMillis(1));
    assertEquals(Optional.of("Changed while down"), session.profile().get().lastName(),
        "loaded while down: served for up to the disconnected time to live");
    assertEquals(reads + 1, profileReads());
    time.advance(Duration.ofMillis(1));
    assertEquals(Optional.of("Unheard"), session.profile().get().lastName(), "and not a moment longer");
    assertEquals(reads + 2, profileReads());

    listenerConnections.refuse(false);
    until(() -> inrvo.invalidationStatus().state() == State.LISTENING, "the listener to reconnect");
    session.profile().get();
    time.advance(Duration.ofMinutes(1));
    session.profile().get();
    assertEquals(reads + 3, profileReads(), "listening again: flushed once, then the cache's time to live");
  }

  @Test
  void aZeroDisconnectedTimeToLiveCachesNothingWhileDown(DataSource db, @TestUser("bob") UUID bob) {
    start(Duration.ZERO);
    startListener();
    until(() -> inrvo.invalidationStatus().state() == State.LISTENING, "the listener to connect");
    Session session = inrvo.asUser(bob);
    session.profile().get();
    loseTheListener(db);
    long reads = profileReads();

    for (int i = 1; i <= 3; i++) {
      session.profile().get();
      assertEquals(reads + i, profileReads(), "every read goes to the database");
    }
  }

  @Test
  void theBuilderBoundsTheDisconnectedTimeToLive() {
    CachingInrvo.Builder builder = CachingInrvo.builder(Inrvo.create(DB.dataSource()));
    IllegalArgumentException negative =
        assertThrows(IllegalArgumentException.class, () -> builder.disconnectedTimeToLive(Duration.ofMillis(-1)));
    assertTrue(negative.getMessage().contains("disconnectedTimeToLive") && negative.getMessage().contains("PT-0.001S"),
        negative.getMessage());
    assertThrows(IllegalArgumentException.class, () -> builder.disconnectedTimeToLive(Duration.ofHours(2)));
    assertThrows(NullPointerException.class, () -> builder.ticker(null));
  }
}
