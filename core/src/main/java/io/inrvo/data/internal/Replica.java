package io.inrvo.data.internal;

import io.inrvo.data.ConsistencyToken;
import io.inrvo.data.ReplicaStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * One read replica of an {@code Inrvo}: its data source, the protocols over it, and what the
 * library knows of it. The known replay position only grows while the replica stays a standby, so
 * a read routed by it sees at least what the position promises. Thread-safe.
 */
final class Replica {

  private static final String CHECK = Operation.comment("replica.check") + "select pg_is_in_recovery(), pg_last_wal_replay_lsn()::text";

  private final String name;
  private final DataSource dataSource;
  private final Protocols protocols;
  private final LongAdder reads = new LongAdder();
  private final LongAdder failovers = new LongAdder();

  private volatile ReplicaStatus.State state = ReplicaStatus.State.STARTING;
  private volatile long replayed = -1;
  private volatile Duration lag = Duration.ZERO;
  private volatile Instant checkedAt = Instant.now();

  Replica(String name, DataSource dataSource, Protocols protocols) {
    this.name = name;
    this.dataSource = dataSource;
    this.protocols = protocols;
  }

  Protocols protocols() {
    return protocols;
  }

  boolean inRotation() {
    return state == ReplicaStatus.State.IN_ROTATION;
  }

  /** The replay position the library last saw; -1 before any. */
  long replayed() {
    return replayed;
  }

  void served() {
    reads.increment();
  }

  /** A call failed on this replica: out of rotation until a check finds it healthy again. */
  void failedOver() {
    failovers.increment();
    set(ReplicaStatus.State.UNREACHABLE);
  }

  /**
   * Asks the replica where it is ({@code pg_is_in_recovery()}, {@code pg_last_wal_replay_lsn()}),
   * one round trip on a connection of its own, and records the answer.
   *
   * @return the replay position; -1 when it failed or the server is no standby (the state says which)
   */
  long check() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(CHECK)) {
      rs.next();
      if (!rs.getBoolean(1)) {
        set(ReplicaStatus.State.PROMOTED);
        return -1;
      }
      long position = Lsn.parse(rs.getString(2));
      synchronized (this) {
        if (position < replayed) {
          replayed = position;
          set(ReplicaStatus.State.REWOUND);
          return -1;
        }
        replayed = position;
      }
      return position;
    } catch (SQLException | RuntimeException e) {
      set(ReplicaStatus.State.UNREACHABLE);
      return -1;
    }
  }

  /** After a check answered: in rotation, or lagging, by the lag measured against the primary. */
  void measured(Duration lagNow, Duration maxLag) {
    lag = lagNow;
    set(lagNow.compareTo(maxLag) > 0 ? ReplicaStatus.State.LAGGING : ReplicaStatus.State.IN_ROTATION);
  }

  ReplicaStatus status() {
    long position = replayed;
    return new ReplicaStatus(name, state,
        position < 0 ? Optional.empty() : Optional.of(new ConsistencyToken(position)), lag, checkedAt,
        reads.sum(), failovers.sum());
  }

  private void set(ReplicaStatus.State next) {
    state = next;
    checkedAt = Instant.now();
  }

  @Override
  public String toString() {
    return name + " " + state;
  }
}
