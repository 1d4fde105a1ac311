package io.inrvo.data.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.cache.TableChange.Operation;
import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUsers;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writers log cache changes only while a listener is alive (migration V17): no listener, no rows;
 * a listener counts itself connected only once no transaction that may have missed its
 * registration runs; a heartbeat found expired makes it disconnected. A writer's connection
 * remembers a live listener (migration V22) until that heartbeat would expire or a listener
 * leaves, and never remembers that nobody listens.
 */
class ChangeLogOnlyWhileListenedTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private final List<InvalidationListener> listeners = new ArrayList<>();
  private DataSource db;

  @BeforeEach
  void noListenerAliveAndAnEmptyLog() {
    db = DB.dataSource();
    TestSql.exec(db, "delete from inrvo_private.cache_listeners");
    departed();
    TestSql.exec(db, "delete from inrvo_private.cache_changes");
  }

  /** What a listener does after its row is gone: connections that remembered one ask the table again. */
  private void departed() {
    TestSql.exec(db, "select inrvo_private.cache_listener_departed()");
  }

  /** Until when {@code writer} remembers a listener alive (epoch seconds), empty when it remembers none. */
  private static String remembered(Connection writer) throws SQLException {
    return TestSql.text(writer, "select coalesce(current_setting('inrvo.cache_listened_until', true), '')");
  }

  private static void rename(Connection writer, UUID user, String name) throws SQLException {
    TestSql.exec(writer, "update public.users set first_name = ? where id = ?", name, user);
  }

  @AfterEach
  void closeListeners() {
    listeners.forEach(InvalidationListener::close);
  }

  private InvalidationListener start(InvalidationHandler handler) {
    DatabaseServer server = DB.database().server();
    InvalidationListener listener = InvalidationListener.builder(handler)
        .pollTimeout(Duration.ofMillis(20))
        .validationInterval(Duration.ofMillis(200))
        .backoff(Duration.ofMillis(10), Duration.ofMillis(100))
        .jdbcUrl(DB.database().jdbcUrl(), server.user(), server.password())
        .start();
    listeners.add(listener);
    return listener;
  }

  private long logged() {
    return TestSql.count(db, "select count(*) from inrvo_private.cache_changes");
  }

  private long registered() {
    return TestSql.count(db, "select count(*) from inrvo_private.cache_listeners");
  }

  /**
   * Waits until the listener has checked whether it may connect and then renewed its heartbeat
   * (so it went round its waiting loop instead of connecting), or until it flushed: a listener
   * that connected flushes before it next renews its heartbeat.
   */
  private void awaitSettlingOrFlushed(Recorder recorder) {
    boolean[] checked = {false};
    Await.until(() -> {
      if (!recorder.flushes.isEmpty()) {
        return true;
      }
      String query = TestSql.text(db, "select coalesce(string_agg(query, ';'), '') from pg_stat_activity"
          + " where application_name = 'inrvo-cache-listener' and datname = current_database()");
      if (query.contains("cache_listener_settled")) {
        checked[0] = true;
        return false;
      }
      return checked[0] && query.contains("cache_listener_beat");
    }, "the listener to wait for the writer, or to flush");
  }

  @Test
  void withoutAListenerWritesLeaveTheLogEmpty() {
    UUID bob = TestUsers.create(db, "bob-" + UUID.randomUUID() + "@example.com");
    TestSql.exec(db, "update public.users set first_name = 'B' where id = ?", bob);
    TestSql.exec(db, "delete from public.audio_tag_presets where false"); // a statement trigger fires anyway
    assertEquals(0, logged());
  }

  @Test
  void whileAListenerRunsChangesAreLoggedAndSeen() {
    Recorder recorder = new Recorder();
    start(recorder);
    assertEquals(FlushReason.CONNECTED, recorder.nextFlush());
    UUID carol = TestUsers.create(db, "carol-" + UUID.randomUUID() + "@example.com");
    assertEquals(TableChange.ofUser("users", carol, Operation.INSERT), recorder.nextChange());
    assertTrue(logged() > 0, "the change is in the log");
  }

  @Test
  void afterTheListenerStopsOrItsHeartbeatExpiresWritesLogNothing() {
    Recorder recorder = new Recorder();
    InvalidationListener listener = start(recorder);
    assertEquals(FlushReason.CONNECTED, recorder.nextFlush());
    listener.close();
    assertEquals(0, registered(), "a clean stop deregisters");
    TestSql.exec(db, "delete from inrvo_private.cache_changes");
    TestUsers.create(db, "dave-" + UUID.randomUUID() + "@example.com");
    assertEquals(0, logged());

    // A listener that died without deregistering: its heartbeat older than the bound.
    TestSql.exec(db, "insert into inrvo_private.cache_listeners values (?, now() - interval '31 seconds')",
        UUID.randomUUID());
    TestUsers.create(db, "erin-" + UUID.randomUUID() + "@example.com");
    assertEquals(0, logged());
  }

  @Test
  void aConnectionThatSawAListenerStopsLoggingOnceItCloses() throws Exception {
    UUID ivan = TestUsers.create(db, "ivan-" + UUID.randomUUID() + "@example.com");
    Recorder recorder = new Recorder();
    InvalidationListener listener = start(recorder);
    assertEquals(FlushReason.CONNECTED, recorder.nextFlush());
    try (Connection writer = db.getConnection()) {
      writer.setAutoCommit(true);
      rename(writer, ivan, "I");
      assertEquals(1, logged());
      assertNotEquals("", remembered(writer), "the connection remembers the listener it saw");
      rename(writer, ivan, "Iv");
      assertEquals(2, logged(), "and logs while it is alive");

      listener.close();
      TestSql.exec(db, "delete from inrvo_private.cache_changes");
      rename(writer, ivan, "Iva");
      assertEquals(0, logged(), "the listener's departure sends the connection back to the table");
    }
  }

  @Test
  void aConnectionNeverRemembersThatNobodyListens() throws Exception {
    UUID judy = TestUsers.create(db, "judy-" + UUID.randomUUID() + "@example.com");
    try (Connection writer = db.getConnection()) {
      writer.setAutoCommit(true);
      rename(writer, judy, "J");
      assertEquals(0, logged());
      assertEquals("", remembered(writer));

      // a listener registering (here by hand) is seen by the connection's very next statement
      TestSql.exec(db, "insert into inrvo_private.cache_listeners values (?, now())", UUID.randomUUID());
      rename(writer, judy, "Ju");
      assertEquals(1, logged());
    }
  }

  @Test
  void aConnectionThatFoundAListenerAliveLogsWithoutLookingAgainUntilItsHeartbeatWouldExpire() throws Exception {
    UUID kim = TestUsers.create(db, "kim-" + UUID.randomUUID() + "@example.com");
    TestSql.exec(db, "insert into inrvo_private.cache_listeners values (?, now())", UUID.randomUUID());
    try (Connection writer = db.getConnection()) {
      writer.setAutoCommit(true);
      rename(writer, kim, "K");
      assertEquals(1, logged());
      long until = Long.parseLong(remembered(writer));
      long heartbeat = TestSql.count(db,
          "select floor(date_part('epoch', max(heartbeat)))::int8 from inrvo_private.cache_listeners");
      assertEquals(heartbeat + 30, until, "remembered for as long as the heartbeat counts, in whole seconds");

      // The listener dies without leaving: the connection does not look, so it logs ...
      TestSql.exec(db, "delete from inrvo_private.cache_listeners");
      rename(writer, kim, "Ki");
      assertEquals(2, logged(), "within the heartbeat's 30 seconds the connection logs without looking");

      // ... until those 30 seconds have passed (moved here by setting the connection's memory back,
      // as the clock would move past it): then it looks, and finds nobody.
      TestSql.text(writer, "select set_config('inrvo.cache_listened_until', ?, false)", Long.toString(until - 31));
      TestSql.exec(db, "delete from inrvo_private.cache_changes");
      rename(writer, kim, "Kim");
      assertEquals(0, logged(), "the expired heartbeat counts no more");
    }
  }

  @Test
  void aStatementOnAnOlderSnapshotLogsButRemembersNothing() throws Exception {
    UUID lena = TestUsers.create(db, "lena-" + UUID.randomUUID() + "@example.com");
    TestSql.exec(db, "insert into inrvo_private.cache_listeners values (?, now())", UUID.randomUUID());
    try (Connection writer = db.getConnection()) {
      writer.setAutoCommit(false);
      writer.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      TestSql.value(writer, "select count(*) from public.users"); // the snapshot: the listener alive
      TestSql.exec(db, "delete from inrvo_private.cache_listeners");
      departed();
      rename(writer, lena, "L");
      writer.commit();
      assertEquals(1, logged(), "its snapshot shows the listener: it logs, as before");
      assertEquals("", remembered(writer), "but a listener seen after it left is not remembered");

      writer.setAutoCommit(true);
      TestSql.exec(db, "delete from inrvo_private.cache_changes");
      rename(writer, lena, "Le");
      assertEquals(0, logged());
    }
  }

  @Test
  void theFirstListenerDeletesStaleRowsWhenItRegisters() {
    TestSql.exec(db, "insert into inrvo_private.cache_changes (t, op, u) values ('users', 'I', ?)", UUID.randomUUID());
    Recorder recorder = new Recorder();
    start(recorder);
    assertEquals(FlushReason.CONNECTED, recorder.nextFlush());
    assertEquals(0, logged(), "rows logged before any listener was alive are gone");
  }

  @Test
  void aWriterWhoseSnapshotPredatesTheRegistrationKeepsTheListenerConnectingUntilItEnds() throws Exception {
    UUID frank = TestUsers.create(db, "frank-" + UUID.randomUUID() + "@example.com");
    try (Connection writer = db.getConnection()) {
      writer.setAutoCommit(false);
      writer.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      TestSql.value(writer, "select count(*) from public.users"); // the snapshot: before the registration
      Recorder recorder = new Recorder();
      InvalidationListener listener = start(recorder);
      Await.until(() -> registered() == 1, "the listener to register");
      awaitSettlingOrFlushed(recorder);
      // Registered, yet the writer's snapshot does not see it: its change is not logged ...
      TestSql.exec(writer, "update public.users set first_name = 'F' where id = ?", frank);
      // ... so the listener may not be connected while the writer's transaction runs.
      assertNull(recorder.flushes.peek(), "no flush, so not connected, while the writer runs");
      assertFalse(listener.stats().connected());
      assertEquals(0, logged(), "the writer did not see the registration");
      writer.commit();
      assertEquals(FlushReason.CONNECTED, recorder.nextFlush(), "connected (and flushed) once the writer ended");
      assertTrue(listener.stats().connected());
    }
  }

  @Test
  void aWriterTransactionOpenAcrossTheStartKeepsTheListenerConnectingUntilItCommits() throws Exception {
    UUID grace = TestUsers.create(db, "grace-" + UUID.randomUUID() + "@example.com");
    try (Connection writer = db.getConnection()) {
      writer.setAutoCommit(false);
      TestSql.exec(writer, "update public.users set first_name = 'G' where id = ?", grace); // not logged: nobody listens
      Recorder recorder = new Recorder();
      InvalidationListener listener = start(recorder);
      Await.until(() -> registered() == 1, "the listener to register");
      awaitSettlingOrFlushed(recorder);
      assertNull(recorder.flushes.peek(), "no flush, so not connected, while the writer runs");
      assertFalse(listener.stats().connected());
      writer.commit();
      assertEquals(FlushReason.CONNECTED, recorder.nextFlush(), "connected (and flushed) after the commit");
    }
  }

  @Test
  void aHeartbeatFoundExpiredDisconnectsTheListenerUntilItRegistersAgain() {
    Recorder recorder = new Recorder();
    InvalidationListener listener = start(recorder);
    assertEquals(FlushReason.CONNECTED, recorder.nextFlush());
    TestSql.exec(db, "update inrvo_private.cache_listeners set heartbeat = now() - interval '1 minute'");
    assertEquals(FlushReason.DISCONNECTED, recorder.nextFlush(), "writers may have stopped logging");
    assertEquals(FlushReason.RECONNECTED, recorder.nextFlush(), "registered again, flushed what it missed");
    assertEquals(1, listener.stats().lostConnectionCount());
    UUID heidi = TestUsers.create(db, "heidi-" + UUID.randomUUID() + "@example.com");
    assertEquals(TableChange.ofUser("users", heidi, Operation.INSERT), recorder.nextChange());
  }
}
