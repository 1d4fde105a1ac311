package io.inrvo.data.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.cache.TableChange.Operation;
import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUsers;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The change capture (migration V16: statement triggers writing the change log), observed through a
 * real {@link InvalidationListener}: every committed change made by plain SQL from another
 * connection arrives with the right table, user and operation, and with a WAL position at or after
 * its commit, also when transactions commit in another order than they started.
 */
class ChangeNotificationsTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static final Recorder RECORDER = new Recorder();
  private static InvalidationListener listener;
  private static DataSource db;
  private static UUID alice;
  private static UUID bob;

  /** A per-user table and plain SQL to insert, update and delete one row of it. */
  enum OwnedTable {
    MEDITATION_HISTORY("meditation_history",
        "insert into public.meditation_history (user_id, prompt) values (?, 'breathe') returning id",
        "update public.meditation_history set is_favorite = true where id = ?",
        "delete from public.meditation_history where id = ?"),
    VOICE_PROFILES("voice_profiles",
        "insert into public.voice_profiles (user_id, name) values (?, 'calm') returning id",
        "update public.voice_profiles set name = 'calmer' where id = ?",
        "delete from public.voice_profiles where id = ?"),
    VOICE_CLONES("voice_clones",
        "insert into public.voice_clones (user_id, name) values (?, 'clone') returning id",
        "update public.voice_clones set is_active = false where id = ?",
        "delete from public.voice_clones where id = ?"),
    AGENT_CONVERSATIONS("agent_conversations",
        "insert into public.agent_conversations (id, user_id) values (gen_random_uuid()::text, ?) returning id",
        "update public.agent_conversations set messages = messages || '[{\"role\":\"user\"}]' where id = ?",
        "delete from public.agent_conversations where id = ?");

    final String table;
    final String insert;
    final String update;
    final String delete;

    OwnedTable(String table, String insert, String update, String delete) {
      this.table = table;
      this.insert = insert;
      this.update = update;
      this.delete = delete;
    }
  }

  @BeforeAll
  static void listen() {
    db = DB.dataSource();
    alice = TestUsers.create(db, "alice@example.com");
    bob = TestUsers.create(db, "bob@example.com");
    DatabaseServer server = DB.database().server();
    listener = InvalidationListener.builder(RECORDER)
        .jdbcUrl(DB.database().jdbcUrl(), server.user(), server.password())
        .pollTimeout(Duration.ofMillis(50))
        .backoff(Duration.ofMillis(10), Duration.ofMillis(100))
        .start();
    assertEquals(FlushReason.CONNECTED, RECORDER.nextFlush());
  }

  @AfterAll
  static void stop() {
    listener.close();
  }

  @BeforeEach
  void forgetEarlierChanges() {
    // Everything up to a fresh user's insert belongs to earlier tests.
    TableChange fresh = TableChange.ofUser("users", TestUsers.create(db, UUID.randomUUID() + "@example.com"), Operation.INSERT);
    while (!RECORDER.nextChange().equals(fresh)) {
      // skip
    }
  }

  @ParameterizedTest
  @EnumSource(OwnedTable.class)
  void insertUpdateAndDeleteEachNotifyTheRowsOwner(OwnedTable owned) {
    Object id = TestSql.value(db, owned.insert, alice);
    assertEquals(TableChange.ofUser(owned.table, alice, Operation.INSERT), RECORDER.nextChange());
    TestSql.exec(db, owned.update, id);
    assertEquals(TableChange.ofUser(owned.table, alice, Operation.UPDATE), RECORDER.nextChange());
    TestSql.exec(db, owned.delete, id);
    assertEquals(TableChange.ofUser(owned.table, alice, Operation.DELETE), RECORDER.nextChange());
  }

  @Test
  void changesToAUsersRowNotifyThatUser() {
    UUID carol = TestUsers.create(db, "carol@example.com");
    assertEquals(TableChange.ofUser("users", carol, Operation.INSERT), RECORDER.nextChange());
    TestSql.exec(db, "update public.users set audio_tag_preferences = '{\"pause\":true}' where id = ?", carol);
    assertEquals(TableChange.ofUser("users", carol, Operation.UPDATE), RECORDER.nextChange());
    TestSql.exec(db, "delete from public.users where id = ?", carol);
    assertEquals(TableChange.ofUser("users", carol, Operation.DELETE), RECORDER.nextChange());
  }

  @Test
  void rowsDeletedByCascadeNotifyToo() {
    UUID dave = TestUsers.create(db, "dave@example.com");
    TestSql.exec(db, "insert into public.voice_profiles (user_id, name) values (?, 'deep')", dave);
    assertEquals(TableChange.ofUser("users", dave, Operation.INSERT), RECORDER.nextChange());
    assertEquals(TableChange.ofUser("voice_profiles", dave, Operation.INSERT), RECORDER.nextChange());

    TestSql.exec(db, "delete from auth.users where id = ?", dave); // cascades to public.users, then voice_profiles
    assertEquals(
        Set.of(TableChange.ofUser("users", dave, Operation.DELETE),
            TableChange.ofUser("voice_profiles", dave, Operation.DELETE)),
        Set.of(RECORDER.nextChange(), RECORDER.nextChange()));
  }

  @Test
  void anUpdateThatMovesARowToAnotherUserNotifiesBoth() {
    Object id = TestSql.value(db, OwnedTable.MEDITATION_HISTORY.insert, alice);
    assertEquals(TableChange.ofUser("meditation_history", alice, Operation.INSERT), RECORDER.nextChange());
    TestSql.exec(db, "update public.meditation_history set user_id = ? where id = ?", bob, id);
    assertEquals(TableChange.ofUser("meditation_history", alice, Operation.UPDATE), RECORDER.nextChange());
    assertEquals(TableChange.ofUser("meditation_history", bob, Operation.UPDATE), RECORDER.nextChange());
  }

  @Test
  void aRolledBackChangeNotifiesNothing() throws Exception {
    try (Connection connection = db.getConnection()) {
      connection.setAutoCommit(false);
      TestSql.value(connection, OwnedTable.VOICE_PROFILES.insert, alice);
      TestSql.exec(connection, "update public.users set first_name = 'Al' where id = ?", alice);
      connection.rollback();
    }
    markerChange();
    assertEquals(marker(), RECORDER.nextChange(), "the first notification after the rollback is the marker's");
  }

  @Test
  void aBulkChangeOfOneUsersRowsSendsOneNotification() {
    TestSql.exec(db, "insert into public.meditation_history (user_id, prompt) "
        + "select ?, 'bulk ' || n from generate_series(1, 500) n", bob);
    assertEquals(TableChange.ofUser("meditation_history", bob, Operation.INSERT), RECORDER.nextChange());
    markerChange();
    assertEquals(marker(), RECORDER.nextChange(), "identical payloads of one transaction arrive once");
  }

  @Test
  void aBulkUpdateMovingRowsToAnotherUserNotifiesEachUserOnce() {
    TestSql.exec(db, "insert into public.meditation_history (user_id, prompt) "
        + "select ?, 'moving ' || n from generate_series(1, 50) n", alice);
    assertEquals(TableChange.ofUser("meditation_history", alice, Operation.INSERT), RECORDER.nextChange());
    TestSql.exec(db, "update public.meditation_history set user_id = ? where prompt like 'moving %'", bob);
    List<TableChange> moved = List.of(RECORDER.nextChange(), RECORDER.nextChange());
    assertEquals(Set.of(TableChange.ofUser("meditation_history", alice, Operation.UPDATE),
        TableChange.ofUser("meditation_history", bob, Operation.UPDATE)), new HashSet<>(moved));
    markerChange();
    assertEquals(marker(), RECORDER.nextChange(), "each user once, though the statement moved 50 rows");
  }

  @Test
  void oneStatementUpdatingSeveralUsersNotifiesEachUserOnce() {
    TestSql.exec(db, "update public.users set tier = tier where id in (?, ?)", alice, bob);
    List<TableChange> updated = List.of(RECORDER.nextChange(), RECORDER.nextChange());
    assertEquals(Set.of(TableChange.ofUser("users", alice, Operation.UPDATE),
        TableChange.ofUser("users", bob, Operation.UPDATE)), new HashSet<>(updated));
    TestSql.value(db, OwnedTable.VOICE_PROFILES.insert, alice); // a marker that is neither user's update
    assertEquals(TableChange.ofUser("voice_profiles", alice, Operation.INSERT), RECORDER.nextChange(),
        "nothing between the two users' changes and the next statement's");
  }

  @Test
  void anyChangeToTheSharedPresetsFlushesTheWholeTableOncePerStatement() {
    TestSql.exec(db, "insert into public.audio_tag_presets (id, label, category) values ('chime', 'Chime', 'sound')");
    assertEquals(TableChange.wholeTable("audio_tag_presets"), RECORDER.nextChange());
    TestSql.exec(db, "update public.audio_tag_presets set sort_order = sort_order + 1");
    assertEquals(TableChange.wholeTable("audio_tag_presets"), RECORDER.nextChange());
    TestSql.exec(db, "delete from public.audio_tag_presets where id = 'chime'");
    assertEquals(TableChange.wholeTable("audio_tag_presets"), RECORDER.nextChange());
    markerChange();
    assertEquals(marker(), RECORDER.nextChange(), "one notification per statement, not per row");
  }

  @Test
  void truncateFlushesTheWholeTable() {
    TestSql.value(db, OwnedTable.VOICE_CLONES.insert, alice);
    assertEquals(TableChange.ofUser("voice_clones", alice, Operation.INSERT), RECORDER.nextChange());
    TestSql.exec(db, "truncate public.voice_clones");
    TableChange truncated = RECORDER.nextChange();
    assertEquals(TableChange.wholeTable("voice_clones"), truncated);
    assertTrue(truncated.isWholeTable());
  }

  @Test
  void changesToUncachedTablesNotifyNothing() {
    TestSql.exec(db, "update auth.users set email = 'alice@example.org' where id = ?", alice);
    markerChange();
    assertEquals(marker(), RECORDER.nextChange());
  }

  @Test
  void aTransactionThatCommitsAfterALaterOneIsNotSkipped() throws Exception {
    try (Connection early = db.getConnection()) {
      early.setAutoCommit(false);
      TestSql.value(early, OwnedTable.VOICE_PROFILES.insert, alice); // the older transaction id
      markerChange(); // a younger transaction commits first
      assertEquals(marker(), RECORDER.nextChange());
      early.commit();
    }
    assertEquals(TableChange.ofUser("voice_profiles", alice, Operation.INSERT), RECORDER.nextChange());
  }

  @Test
  void everyChangeComesWithAWalPositionAtOrAfterItsCommit() throws Exception {
    RECORDER.positions.clear();
    WalPosition beforeCommit;
    try (Connection writer = db.getConnection()) {
      writer.setAutoCommit(false);
      TestSql.value(writer, OwnedTable.MEDITATION_HISTORY.insert, bob);
      beforeCommit = WalPosition.parse(TestSql.text(writer, "select pg_current_wal_insert_lsn()::text"));
      writer.commit();
    }
    assertEquals(TableChange.ofUser("meditation_history", bob, Operation.INSERT), RECORDER.nextChange());
    WalPosition seenAt = Await.next(RECORDER.positions, "the change's WAL position");
    // past the commit record, which starts at or after beforeCommit; a replica replayed up to it has the change
    assertTrue(seenAt.compareTo(beforeCommit) > 0, seenAt + " after " + beforeCommit);
  }

  @Test
  void twoStatementsOfOneTransactionForOneUserArriveOnce() throws Exception {
    try (Connection writer = db.getConnection()) {
      writer.setAutoCommit(false);
      TestSql.value(writer, OwnedTable.MEDITATION_HISTORY.insert, bob);
      TestSql.value(writer, OwnedTable.MEDITATION_HISTORY.insert, bob);
      writer.commit();
    }
    assertEquals(TableChange.ofUser("meditation_history", bob, Operation.INSERT), RECORDER.nextChange());
    markerChange();
    assertEquals(marker(), RECORDER.nextChange(), "one change per transaction, table, user and operation");
  }

  private static void markerChange() {
    TestSql.exec(db, "update public.users set tier = tier where id = ?", bob);
  }

  private static TableChange marker() {
    return TableChange.ofUser("users", bob, Operation.UPDATE);
  }
}
