package io.inrvo.data.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.Caller;
import io.inrvo.data.cache.TableChange.Operation;
import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUsers;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The listener's life: connecting, losing its connection, bad input, closing, and caches kept coherent. */
class InvalidationListenerTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static DataSource db;
  private static UUID alice;

  private final List<InvalidationListener> listeners = new ArrayList<>();

  @BeforeAll
  static void users() {
    db = DB.dataSource();
    alice = TestUsers.create(db, "alice@example.com");
  }

  @AfterEach
  void closeListeners() {
    listeners.forEach(InvalidationListener::close);
  }

  private InvalidationListener.Builder fastListener(InvalidationHandler handler) {
    return InvalidationListener.builder(handler)
        .pollTimeout(Duration.ofMillis(50))
        .validationInterval(Duration.ofMillis(200))
        .backoff(Duration.ofMillis(10), Duration.ofMillis(100));
  }

  private InvalidationListener start(InvalidationHandler handler) {
    DatabaseServer server = DB.database().server();
    InvalidationListener listener =
        fastListener(handler).jdbcUrl(DB.database().jdbcUrl(), server.user(), server.password()).start();
    listeners.add(listener);
    return listener;
  }

  @Test
  void afterItsBackendIsTerminatedItReconnectsFlushesAndKeepsDelivering() {
    Recorder recorder = new Recorder();
    InvalidationListener listener = start(recorder);
    assertEquals(FlushReason.CONNECTED, recorder.nextFlush());
    int pid = listener.backendPid().orElseThrow();

    assertEquals(true, TestSql.value(db, "select pg_terminate_backend(?)", pid));

    assertEquals(FlushReason.DISCONNECTED, recorder.nextFlush(), "flushes as soon as it is down");
    assertEquals(FlushReason.RECONNECTED, recorder.nextFlush(), "flushes what it may have missed");
    ListenerStats stats = listener.stats();
    assertEquals(1, stats.reconnectCount());
    assertEquals(1, stats.lostConnectionCount());
    assertEquals(3, stats.flushCount());
    assertTrue(stats.connected());
    assertNotEquals(pid, listener.backendPid().orElseThrow());

    UUID carol = TestUsers.create(db, "carol@example.com");
    assertEquals(TableChange.ofUser("users", carol, Operation.INSERT), recorder.nextChange());
    assertEquals(1, listener.stats().notificationCount());
  }

  @Test
  void itCatchesUpPastAWritesTokenOnlyAfterHandingOverTheWriteAndOnlyForward() {
    Recorder recorder = new Recorder();
    InvalidationListener listener = start(recorder);
    assertEquals(FlushReason.CONNECTED, recorder.nextFlush());

    UUID carol = TestUsers.create(db, "carol@example.com");
    WalPosition token = WalPosition.parse(TestSql.text(db, "select pg_current_wal_insert_lsn()::text"));

    WalPosition previous = null;
    WalPosition position;
    do {
      position = Await.next(recorder.caughtUp, "the listener to catch up past " + token);
      if (previous != null) {
        assertTrue(position.compareTo(previous) > 0, position + " after " + previous);
      }
      previous = position;
    } while (position.compareTo(token) <= 0);
    assertTrue(recorder.changes.contains(TableChange.ofUser("users", carol, Operation.INSERT)),
        "the write was handed over before the listener caught up past it: " + recorder.changes);
    assertTrue(listener.stats().caughtUpTo().orElseThrow().compareTo(position) >= 0, "and the stats say so");
  }

  @Test
  void closeStopsTheThreadAndEndsTheSessionPromptly() {
    Recorder recorder = new Recorder();
    InvalidationListener listener = start(recorder);
    assertEquals(FlushReason.CONNECTED, recorder.nextFlush());
    int pid = listener.backendPid().orElseThrow();

    long started = System.nanoTime();
    listener.close();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "close took " + took);
    assertFalse(listener.stats().connected());
    assertTrue(listener.backendPid().isEmpty());
    assertTrue(Thread.getAllStackTraces().keySet().stream()
        .noneMatch(thread -> thread.getName().equals("inrvo-cache-listener") && thread.isAlive()));
    Await.until(() -> ((Number) TestSql.value(db, "select count(*) from pg_stat_activity where pid = ?", pid)).intValue() == 0,
        "the listener's session ended");
    listener.close(); // idempotent
  }

  @Test
  void anUnreadableNotificationFlushesEverything() {
    Recorder recorder = new Recorder();
    InvalidationListener listener = start(recorder);
    assertEquals(FlushReason.CONNECTED, recorder.nextFlush());

    TestSql.value(db, "select pg_notify('inrvo_cache', '{\"t\":\"meditation_history\",\"u\":\"not-a-uuid\",\"op\":\"I\"}')");

    assertEquals(FlushReason.UNREADABLE_NOTIFICATION, recorder.nextFlush());
    assertEquals(1, listener.stats().unreadableCount());
    assertTrue(recorder.changes.isEmpty());
  }

  @Test
  void aHandlerThatThrowsIsFollowedByAFlushAndTheListenerGoesOn() {
    Recorder recorder = new Recorder() {
      @Override
      public void changed(TableChange change) {
        if (change.table().equals("voice_profiles")) {
          throw new IllegalStateException("handler bug");
        }
        super.changed(change);
      }
    };
    InvalidationListener listener = start(recorder);
    assertEquals(FlushReason.CONNECTED, recorder.nextFlush());

    TestSql.exec(db, "insert into public.voice_profiles (user_id, name) values (?, 'calm')", alice);
    assertEquals(FlushReason.HANDLER_FAILED, recorder.nextFlush());
    assertEquals(1, listener.stats().handlerFailureCount());

    UUID erin = TestUsers.create(db, "erin@example.com");
    assertEquals(TableChange.ofUser("users", erin, Operation.INSERT), recorder.nextChange());
  }

  @Test
  void overAPooledDataSourceItReturnsItsConnectionWithoutListening() throws Exception {
    try (HikariDataSource pool = DB.database().pool(1)) {
      Recorder recorder = new Recorder();
      InvalidationListener listener = fastListener(recorder).dataSource(pool).start();
      listeners.add(listener);
      assertEquals(FlushReason.CONNECTED, recorder.nextFlush());
      int pid = listener.backendPid().orElseThrow();
      TestSql.exec(db, "update public.users set last_name = 'Pooled' where id = ?", alice);
      assertEquals(TableChange.ofUser("users", alice, Operation.UPDATE), recorder.nextChange());

      listener.close();

      try (Connection returned = pool.getConnection()) {
        assertEquals(pid, TestSql.value(returned, "select pg_backend_pid()"), "the pool's only connection");
        assertEquals(0L, TestSql.value(returned, "select count(*) from pg_listening_channels()"), "no LISTEN leaks into the pool");
      }
    }
  }

  @Test
  void anUnreachableDatabaseDoesNotKeepCloseWaiting() {
    Recorder recorder = new Recorder();
    InvalidationListener listener = fastListener(recorder)
        .jdbcUrl("jdbc:postgresql://127.0.0.1:1/postgres", "postgres", "")
        .start();
    listeners.add(listener);
    assertFalse(listener.stats().connected());

    long started = System.nanoTime();
    listener.close();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "close took " + took);
    assertTrue(recorder.flushes.isEmpty(), "never connected, so never flushed");
  }

  @Test
  void whileItCannotReconnectItSaysSoAndCountsTheAttempts() {
    GateDataSource database = new GateDataSource(db);
    Recorder recorder = new Recorder();
    InvalidationListener listener = fastListener(recorder).dataSource(database).start();
    listeners.add(listener);
    assertEquals(FlushReason.CONNECTED, recorder.nextFlush());
    database.refuse(true);

    TestSql.value(db, "select pg_terminate_backend(?)", listener.backendPid().orElseThrow());

    assertEquals(FlushReason.DISCONNECTED, recorder.nextFlush());
    Await.until(() -> listener.stats().failedAttemptCount() >= 3, "three failed attempts");
    ListenerStats down = listener.stats();
    assertFalse(down.connected());
    assertEquals(1, down.lostConnectionCount());
    assertEquals(0, down.reconnectCount());
    assertTrue(recorder.flushes.isEmpty(), "one flush per outage, not one per attempt: " + recorder.flushes);

    database.refuse(false);
    assertEquals(FlushReason.RECONNECTED, recorder.nextFlush());
    assertTrue(listener.stats().connected());
    assertEquals(1, listener.stats().reconnectCount());
  }

  @Test
  void theBuilderRejectsBadSettings() {
    InvalidationListener.Builder builder = InvalidationListener.builder(new Recorder());
    assertThrows(IllegalStateException.class, builder::start, "no connection given");
    assertThrows(IllegalArgumentException.class, () -> builder.pollTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> builder.validationInterval(Duration.ofHours(2)));
    assertThrows(IllegalArgumentException.class, () -> builder.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> builder.backoff(Duration.ofSeconds(1), Duration.ofMinutes(2)),
        "the longest wait is bounded");
  }

  /**
   * Another application changes alice's profile by plain SQL; this instance's cache follows, also
   * across a lost listener connection, during which the notification is lost.
   */
  @Test
  void changesByAnotherWriterInvalidateTheQueryCacheEvenAcrossALostConnection() {
    QueryCache<String> profiles = QueryCache.create(CacheBackend.caffeine(), CacheSettings.defaults().userProfile());
    InvalidationRoutes routes = InvalidationRoutes.builder().perUser("users", profiles).build();
    BlockingQueue<Object> applied = new LinkedBlockingQueue<>();
    InvalidationListener listener = start(new InvalidationHandler() {
      @Override
      public void changed(TableChange change) {
        routes.changed(change);
        applied.add(change);
      }

      @Override
      public void flushAll(FlushReason reason) {
        routes.flushAll(reason);
        applied.add(reason);
      }
    });
    assertEquals(FlushReason.CONNECTED, Await.next(applied, "the first flush"));
    QueryKey key = QueryKey.of(Caller.user(alice), "profile.get");
    Supplier<String> firstName = () -> (String) TestSql.value(db, "select first_name from public.users where id = ?", alice);
    TestSql.exec(db, "update public.users set first_name = 'alice' where id = ?", alice);
    assertEquals(TableChange.ofUser("users", alice, Operation.UPDATE), Await.next(applied, "the reset"));
    assertEquals("alice", profiles.get(key, firstName));
    assertEquals("alice", profiles.get(key, () -> "must not load: cached"));

    TestSql.exec(db, "update public.users set first_name = 'Alicia' where id = ?", alice);
    assertEquals(TableChange.ofUser("users", alice, Operation.UPDATE), Await.next(applied, "the change"));
    assertEquals("Alicia", profiles.get(key, firstName));

    TestSql.value(db, "select pg_terminate_backend(?)", listener.backendPid().orElseThrow());
    TestSql.exec(db, "update public.users set first_name = 'Ally' where id = ?", alice);
    // The backend may still deliver the change before it ends; then it is down, then back.
    List<Object> flushes = new ArrayList<>();
    while (!flushes.contains(FlushReason.RECONNECTED)) {
      Object next = Await.next(applied, "the flushes on losing and regaining the connection");
      if (next instanceof FlushReason) {
        flushes.add(next);
      }
    }
    assertEquals(List.of(FlushReason.DISCONNECTED, FlushReason.RECONNECTED), flushes);
    assertEquals("Ally", profiles.get(key, firstName), "nothing stale survives the lost connection");
  }
}
