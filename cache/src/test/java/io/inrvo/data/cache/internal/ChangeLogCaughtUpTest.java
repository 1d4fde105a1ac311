package io.inrvo.data.cache.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.cache.TableChange;
import io.inrvo.data.cache.WalPosition;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUsers;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How far a change-log reader has caught up, after each read: the position the statement before
 * the read took after its snapshot, so never a position at or past a write the read has not seen,
 * even when the read itself returned that write.
 */
class ChangeLogCaughtUpTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private final DataSource db = DB.dataSource();

  @BeforeEach
  void aListenerLooksAlive() {
    // The triggers log while some heartbeat is young; this one stays young for the test.
    TestSql.exec(db, "insert into inrvo_private.cache_listeners (id, heartbeat) values"
        + " ('00000000-0000-0000-0000-00000000c0de', 'infinity')");
  }

  @AfterEach
  void noListenerLeft() {
    TestSql.exec(db, "delete from inrvo_private.cache_listeners where id = '00000000-0000-0000-0000-00000000c0de'");
    TestSql.exec(db, "select inrvo_private.cache_listener_departed()"); // as a listener that leaves
  }

  @Test
  void itCatchesUpToThePositionReadBeforeTheReadsSnapshot() throws Exception {
    try (Connection connection = db.getConnection()) {
      connection.setAutoCommit(true);
      ChangeLog log = new ChangeLog(connection);
      assertThrows(IllegalStateException.class, log::caughtUpTo, "nothing read yet");

      UUID carol = TestUsers.create(db, "carol@example.com");
      WalPosition token = WalPosition.parse(TestSql.text(db, "select pg_current_wal_insert_lsn()::text"));
      List<ChangeLog.Change> first = log.read();

      assertTrue(first.stream().anyMatch(c -> c.change().equals(
          TableChange.ofUser("users", carol, TableChange.Operation.INSERT))), "the read returned the write: " + first);
      assertTrue(log.caughtUpTo().compareTo(token) < 0,
          "but does not claim it: its position was read before the write (" + log.caughtUpTo() + " < " + token + ")");

      log.read();
      assertTrue(log.caughtUpTo().compareTo(token) >= 0,
          "the next read claims it: " + log.caughtUpTo() + " >= " + token);
    }
  }
}
