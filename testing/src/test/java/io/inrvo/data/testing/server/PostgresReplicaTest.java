package io.inrvo.data.testing.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.schema.InrvoSchema;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A real streaming hot standby: replays, pauses, catches up after a stop, promotes. */
class PostgresReplicaTest {

  private static final Duration REPLAY = Duration.ofSeconds(30);

  @RegisterExtension
  static final ServerExtension<PostgresCluster> PRIMARY =
      ServerExtension.cluster(PostgresCluster.builder().name("replica-test"));

  @RegisterExtension
  static final ServerExtension<PostgresReplica> REPLICA = ServerExtension.replicaOf(PRIMARY);

  /** The kit's database, made on the primary; the replica gets it by replay. */
  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> PRIMARY.get().server());

  private static DataSource onPrimary() {
    return DB.dataSource();
  }

  private static DataSource onReplica() {
    return REPLICA.get().server().dataSource(DB.database().name());
  }

  @Test
  void replicaReplaysWhatThePrimaryCommitsAndRefusesWrites() {
    PostgresReplica replica = REPLICA.get();
    TestSql.script(onPrimary(), "create table replayed (v text)", "insert into replayed values ('from primary')");

    replica.awaitReplay(REPLAY);

    assertTrue(replica.isInRecovery());
    assertEquals("from primary", TestSql.text(onReplica(), "select v from replayed"));
    assertEquals(InrvoSchema.currentVersion(onPrimary()), InrvoSchema.currentVersion(onReplica()));
    assertEquals("25006", TestSql.failure(onReplica(), "insert into replayed values ('on replica')"),
        "a write on the replica fails as a read-only transaction");
  }

  @Test
  void pausedReplayHidesNewCommitsUntilResumed() {
    PostgresReplica replica = REPLICA.get();
    TestSql.script(onPrimary(), "create table paused (v int)");
    replica.awaitReplay(REPLAY);

    replica.pauseReplay();
    try {
      TestSql.script(onPrimary(), "insert into paused values (1)");
      String written = TestSql.text(PRIMARY.get().server().dataSource(), "select pg_current_wal_lsn()::text");
      awaitReceived(replica, written);

      assertTrue(replica.isReplayPaused());
      assertEquals("0", TestSql.text(onReplica(), "select count(*) from paused"), "received but not replayed");
    } finally {
      replica.resumeReplay();
    }
    replica.awaitReplay(REPLAY);

    assertFalse(replica.isReplayPaused());
    assertEquals("1", TestSql.text(onReplica(), "select count(*) from paused"));
  }

  @Test
  void stoppedReplicaCatchesUpFromItsSlotWhenStarted() {
    PostgresReplica replica = REPLICA.get();
    TestSql.script(onPrimary(), "create table while_stopped (v int)");

    replica.stop();
    // new WAL segments and a checkpoint: without the slot the primary could recycle what the
    // stopped replica still needs
    TestSql.script(onPrimary(), "insert into while_stopped select generate_series(1, 1000)", "select pg_switch_wal()",
        "checkpoint");
    replica.start();
    replica.awaitReplay(REPLAY);

    assertEquals("1000", TestSql.text(onReplica(), "select count(*) from while_stopped"));
  }

  @Test
  void aReplicaOfItsOwnCanBePromotedAndThenTakesWrites() {
    long begin = System.nanoTime();
    try (PostgresReplica second = PRIMARY.get().startReplica()) {
      Timings.report("PostgresReplica (pg_basebackup -R of a migrated primary + start)",
          Duration.ofNanos(System.nanoTime() - begin));
      DataSource promotedDb = second.server().dataSource(DB.database().name());
      second.awaitReplay(REPLAY);
      assertTrue(second.isInRecovery());

      second.promote();

      assertFalse(second.isInRecovery());
      TestSql.script(promotedDb, "create table after_promotion (v int)", "insert into after_promotion values (7)");
      assertEquals("7", TestSql.text(promotedDb, "select v from after_promotion"));
      assertEquals("f", TestSql.text(onPrimary(), "select to_regclass('public.after_promotion') is not null"),
          "the old primary does not see the promoted server's writes");
    }
    assertEquals("0", TestSql.text(PRIMARY.get().server().dataSource(),
        "select count(*) from pg_replication_slots where slot_name <> '" + REPLICA.get().slotName() + "'"),
        "closing the replica dropped its slot");
  }

  private static void awaitReceived(PostgresReplica replica, String lsn) {
    long deadline = System.nanoTime() + REPLAY.toNanos();
    DataSource standby = replica.server().dataSource();
    while (!"t".equals(TestSql.text(standby, "select pg_last_wal_receive_lsn() >= '" + lsn + "'::pg_lsn"))) {
      assertTrue(System.nanoTime() < deadline, "the replica did not receive WAL up to " + lsn);
      Thread.onSpinWait();
    }
  }
}
