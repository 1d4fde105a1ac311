package io.inrvo.data.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import javax.sql.DataSource;

/**
 * One round of the background check of a {@link ReplicaSet}: the primary's written log position,
 * then each replica's state and replay position, and from both each replica's lag.
 *
 * <p>Lag is measured in time, not bytes: the check remembers when it first saw the primary at each
 * position, and a replica's lag is how long ago the primary first stood past the position the
 * replica has replayed (zero when it has replayed all the primary had). A replica with replay
 * paused on an idle primary is therefore not lagging: it misses nothing. Runs on one thread.
 */
final class ReplicaChecks implements Runnable {

  private static final int MAX_SAMPLES = 4096;
  private static final String PRIMARY_WRITTEN = Operation.comment("replica.primaryCheck") + "select pg_current_wal_lsn()::text";

  private final DataSource primary;
  private final List<Replica> replicas;
  private final Duration maxLag;
  /** (position, nanoTime when first seen), oldest first; positions strictly increase. */
  private final Deque<long[]> primarySeen = new ArrayDeque<>();

  ReplicaChecks(DataSource primary, List<Replica> replicas, Duration maxLag) {
    this.primary = primary;
    this.replicas = replicas;
    this.maxLag = maxLag;
  }

  @Override
  public void run() {
    long now = System.nanoTime();
    long written = primaryWritten();
    if (written >= 0 && (primarySeen.isEmpty() || primarySeen.peekLast()[0] < written)) {
      primarySeen.addLast(new long[] {written, now});
    }
    for (Replica replica : replicas) {
      long replayed = replica.check();
      if (replayed >= 0) {
        replica.measured(lag(replayed, now), maxLag);
      }
    }
    forgetOld(now);
  }

  private Duration lag(long replayed, long now) {
    for (long[] seen : primarySeen) {
      if (seen[0] > replayed) {
        return Duration.ofNanos(now - seen[1]);
      }
    }
    return Duration.ZERO;
  }

  /** Keeps what can still tell a lag past the bound: samples up to twice the bound old, and the newest. */
  private void forgetOld(long now) {
    long keep = Math.max(maxLag.toNanos() * 2, Duration.ofSeconds(1).toNanos());
    while (primarySeen.size() > 1 && (now - primarySeen.peekFirst()[1] > keep || primarySeen.size() > MAX_SAMPLES)) {
      primarySeen.removeFirst();
    }
  }

  private long primaryWritten() {
    try (Connection connection = primary.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(PRIMARY_WRITTEN)) {
      rs.next();
      return Lsn.parse(rs.getString(1));
    } catch (SQLException | RuntimeException e) {
      return -1; // the primary's own trouble shows on its calls; lag is judged on what was seen before
    }
  }
}
