package io.inrvo.data.cache.internal;

import io.inrvo.data.cache.TableChange;
import io.inrvo.data.cache.WalPosition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's reader of the schema's change log, {@code inrvo_private.cache_changes}, on the
 * listener's connection: by snapshot, not by position, so that a transaction that
 * commits after a later one is never skipped. Created right after connecting, it takes the
 * current snapshot; each {@link #read} returns the changes of the transactions visible in the
 * read's snapshot that were not visible in the previous one, in transaction-id order, each
 * (transaction, table, user, operation) once, with a WAL position of the primary read in the same
 * statement (at or after every commit the read sees), and keeps the new snapshot.
 *
 * <p>After each read, {@link #caughtUpTo()} is the primary's WAL insert position as the previous
 * statement (the previous read, or the first snapshot) read it: after that statement's snapshot, so
 * before this read's. A transaction whose commit had returned when a position strictly below it
 * was current (a consistency token taken after the commit, say) is visible in this read's snapshot:
 * its changes are among those read so far, or it committed before the first snapshot.
 *
 * <p>Everything committed before the first snapshot is not reported: the listener flushes every
 * cache after creating this reader instead. {@link #trimIfDue} deletes rows older than {@link
 * #KEPT_MINUTES} minutes, about every {@link #TRIM_SECONDS} seconds; a login that may not delete
 * them leaves that to others.
 */
final class ChangeLog {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeLog.class);

  /** How long rows stay in the log: far longer than a connected listener's gap between two reads. */
  static final int KEPT_MINUTES = 10;
  /** About how often one listener trims the log. */
  static final int TRIM_SECONDS = 30;

  /** Names the change log's statements in {@code pg_stat_statements} and traces. */
  private static final String NAMED = "/* inrvo cache.changes */ ";
  private static final String SNAPSHOT = NAMED
      + "select pg_catalog.pg_current_snapshot()::text, pg_catalog.pg_current_wal_insert_lsn()::text";

  /**
   * Grouped on the server: a bulk statement logs a row per changed row, so the result holds each
   * (transaction, table, owner, operation) once, in the order of its first row, not every row.
   */
  private static final String READ = NAMED + "select s.snap::text, pg_catalog.pg_current_wal_insert_lsn()::text,"
      + " c.xid::text, c.t, c.u, c.op,"
      + " (extract(epoch from pg_catalog.clock_timestamp() - min(c.at)) * 1000000)::bigint"
      + " from (select pg_catalog.pg_current_snapshot() as snap) s"
      + " left join inrvo_private.cache_changes c"
      + " on c.xid >= pg_catalog.pg_snapshot_xmin(?::pg_snapshot)"
      + " and not pg_catalog.pg_visible_in_snapshot(c.xid, ?::pg_snapshot)"
      + " and pg_catalog.pg_visible_in_snapshot(c.xid, s.snap)"
      + " group by s.snap::text, c.xid, c.t, c.u, c.op"
      + " order by c.xid, min(c.ctid)";
  private static final String TRIM = NAMED + "delete from inrvo_private.cache_changes where at < pg_catalog.now() - interval '"
      + KEPT_MINUTES + " minutes'";

  /**
   * A change read from the log, a WAL position at or after its commit, and how long after the
   * change was recorded (its row's time) the read saw it: the listener's notification lag.
   */
  record Change(TableChange change, WalPosition seenAt, Duration lag) {}

  private final Connection connection;
  private final PreparedStatement read;
  private String previous;
  /** The insert position the latest statement read, after its snapshot. */
  private WalPosition latest;
  private WalPosition caughtUpTo;
  private long nextTrim;
  private boolean mayTrim = true;

  /** Takes the current snapshot on {@code connection} (autocommit): changes after it are read. */
  ChangeLog(Connection connection) throws SQLException {
    this.connection = connection;
    try (PreparedStatement ps = connection.prepareStatement(SNAPSHOT); ResultSet rs = ps.executeQuery()) {
      rs.next();
      previous = rs.getString(1);
      latest = WalPosition.parse(rs.getString(2));
    }
    this.read = connection.prepareStatement(READ);
    this.nextTrim = System.nanoTime() + jitteredTrimNanos();
  }

  /** The changes committed since the previous read (or since this reader was made). */
  List<Change> read() throws SQLException {
    read.setString(1, previous);
    read.setString(2, previous);
    List<Change> changes = new ArrayList<>();
    String snapshot = null;
    WalPosition position = null;
    try (ResultSet rs = read.executeQuery()) {
      while (rs.next()) {
        snapshot = rs.getString(1);
        position = WalPosition.parse(rs.getString(2)); // each row's is at or after every commit the read sees
        String xid = rs.getString(3);
        if (xid == null) {
          continue; // the left join's row when nothing changed
        }
        Duration lag = Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(Math.max(0, rs.getLong(7))));
        changes.add(new Change(change(rs.getString(4), rs.getString(5), rs.getString(6)), position, lag));
      }
    }
    if (snapshot == null) {
      throw new SQLException("the change log read returned no snapshot", "XX000");
    }
    previous = snapshot;
    caughtUpTo = latest;
    latest = position;
    return changes;
  }

  /**
   * After a {@link #read}: a position such that every transaction whose commit returned while a
   * lower position was current is among the changes read so far (or committed before the first
   * snapshot).
   */
  WalPosition caughtUpTo() {
    if (caughtUpTo == null) {
      throw new IllegalStateException("nothing read yet");
    }
    return caughtUpTo;
  }

  /** Deletes rows older than {@link #KEPT_MINUTES} minutes when it is time. */
  void trimIfDue() throws SQLException {
    if (!mayTrim || System.nanoTime() - nextTrim < 0) {
      return;
    }
    nextTrim = System.nanoTime() + jitteredTrimNanos();
    try (PreparedStatement ps = connection.prepareStatement(TRIM)) {
      ps.executeUpdate();
    } catch (SQLException e) {
      if (!"42501".equals(e.getSQLState())) {
        throw e;
      }
      mayTrim = false;
      LOG.info("cache listener's login may not delete old rows of inrvo_private.cache_changes; another"
          + " listener (or the migrating login) must trim it");
    }
  }

  private static TableChange change(String table, String user, String op) {
    TableChange.Operation operation = switch (op) {
      case "I" -> TableChange.Operation.INSERT;
      case "U" -> TableChange.Operation.UPDATE;
      case "D" -> TableChange.Operation.DELETE;
      default -> TableChange.Operation.ANY;
    };
    return user == null || operation == TableChange.Operation.ANY
        ? TableChange.wholeTable(table)
        : TableChange.ofUser(table, UUID.fromString(user), operation);
  }

  private static long jitteredTrimNanos() {
    long base = TimeUnit.SECONDS.toNanos(TRIM_SECONDS);
    return base / 2 + ThreadLocalRandom.current().nextLong(base);
  }
}
