package io.inrvo.data.testing.server;

import io.inrvo.data.schema.DatabaseServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A streaming hot-standby replica of a {@link PostgresCluster}, made by {@link
 * PostgresCluster#startReplica()}: a cluster of its own on another port, filled by {@code
 * pg_basebackup -R} and fed by streaming replication through a replication slot on the primary.
 *
 * <p>It serves read-only queries on {@link #server()}; databases created on the primary (by the
 * test kit, for example) appear on it once replayed, so wait with {@link #awaitReplay(Duration)}
 * before reading. Replay can be paused to make the replica lag on purpose ({@link #pauseReplay()}),
 * the replica can be stopped, crashed and restarted like any cluster, and {@link #promote()} turns
 * it into a primary of its own.
 *
 * <p>{@link #close()} removes the replica and drops its slot on the primary (when the primary
 * still runs). Methods are thread-safe.
 */
public final class PostgresReplica implements ThrowawayServer {

  private static final Duration POLL = Duration.ofMillis(10);

  private final PostgresCluster primary;
  private final PostgresCluster standby;
  private final String slot;

  PostgresReplica(PostgresCluster primary, PostgresCluster standby, String slot) {
    this.primary = primary;
    this.standby = standby;
    this.slot = slot;
  }

  /**
   * The cluster this one replicates.
   *
   * @return the cluster {@link PostgresCluster#startReplica()} was called on, running or not
   */
  public PostgresCluster primary() {
    return primary;
  }

  /**
   * The name of the replication slot on the primary that keeps the WAL this replica still needs.
   *
   * @return {@code inrvo_replica_} and 12 hexadecimal digits; the slot is dropped by {@link #close()}
   */
  public String slotName() {
    return slot;
  }

  /**
   * The replica's port (another than the primary's; kept across restarts).
   *
   * @return the TCP port on {@value PostgresCluster#HOST} the replica listens on
   */
  public int port() {
    return standby.port();
  }

  /** The replica as the test kit and the library see it: read-only while it is in recovery. */
  @Override
  public DatabaseServer server() {
    return standby.server();
  }

  /**
   * The replica's server log, for diagnosing a test.
   *
   * @return the path of the log file in the replica's scratch directory; {@link #close()} deletes it
   */
  public Path logFile() {
    return standby.logFile();
  }

  /**
   * Whether the replica's server runs.
   *
   * @return true from its start until {@link #stop()}, {@link #stopImmediately()} or {@link #close()},
   *     as far as this object started and stopped it (a server killed from outside still counts)
   */
  public boolean isRunning() {
    return standby.isRunning();
  }

  /** Stops the replica cleanly; see {@link PostgresCluster#stop()}. */
  public void stop() {
    standby.stop();
  }

  /** Stops the replica the way a crash would; see {@link PostgresCluster#stopImmediately()}. */
  public void stopImmediately() {
    standby.stopImmediately();
  }

  /** Starts the stopped replica on the same port; it catches up from its slot. */
  public void start() {
    standby.start();
  }

  /**
   * Terminates every client session on the replica, as {@link PostgresCluster#killBackends()} does.
   *
   * @return how many sessions were terminated; 0 when none was connected
   * @throws IllegalStateException when the replica is stopped
   */
  public int killBackends() {
    return standby.killBackends();
  }

  /**
   * Whether the replica is still a standby (false after {@link #promote()}).
   *
   * @return true while it replays the primary's WAL ({@code pg_is_in_recovery()}), false once promoted
   * @throws IllegalStateException when the replica is stopped
   */
  public boolean isInRecovery() {
    return "t".equals(bool(PostgresCluster.queryText(server(), "select pg_is_in_recovery()")));
  }

  /**
   * Pauses WAL replay ({@code pg_wal_replay_pause()}) and waits until it has paused: from then on
   * the replica keeps receiving WAL but shows nothing committed on the primary afterwards.
   *
   * @throws IllegalStateException when replay has not paused within 30 seconds
   */
  public void pauseReplay() {
    PostgresCluster.queryText(server(), "select pg_wal_replay_pause()::text");
    awaitCondition("select pg_get_wal_replay_pause_state() = 'paused'", Duration.ofSeconds(30), "replay to pause");
  }

  /** Resumes WAL replay ({@code pg_wal_replay_resume()}); the replica catches up at once. */
  public void resumeReplay() {
    PostgresCluster.queryText(server(), "select pg_wal_replay_resume()::text");
  }

  /**
   * Whether replay is paused ({@link #pauseReplay()}).
   *
   * @return true only once replay has actually paused; false while it runs or a pause is requested
   *     but not yet reached
   * @throws IllegalStateException when the replica is stopped
   */
  public boolean isReplayPaused() {
    return "paused".equals(PostgresCluster.queryText(server(), "select pg_get_wal_replay_pause_state()"));
  }

  /**
   * The position up to which the replica has replayed the primary's WAL ({@code pg_lsn} text).
   *
   * @return the last replayed position, such as {@code 0/3000148}; compare positions in SQL as
   *     {@code pg_lsn}, not as text
   * @throws IllegalStateException when the replica is stopped
   */
  public String replayLsn() {
    return PostgresCluster.queryText(server(), "select pg_last_wal_replay_lsn()::text");
  }

  /**
   * Waits until the replica has replayed everything the primary had written when this was called
   * (its {@code pg_current_wal_lsn()}), so a read on the replica sees every earlier commit.
   *
   * @param timeout how long to wait at most, from this call; zero or negative checks once. The
   *     replica is polled every 10 ms
   * @throws IllegalStateException when that takes longer than {@code timeout} (replay paused, the
   *     replica stopped, or a lag too large); the message gives both positions
   */
  public void awaitReplay(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    String target = PostgresCluster.queryText(primary.server(), "select pg_current_wal_lsn()::text");
    awaitCondition("select coalesce(pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn, false)", timeout,
        "replay of the primary's WAL up to " + target);
  }

  /**
   * Promotes the replica to a primary of its own ({@code pg_promote}), waiting until it accepts
   * writes. The old primary keeps running, unaware; the two have diverged from here on.
   *
   * @throws IllegalStateException when promotion does not finish within 60 seconds
   */
  public void promote() {
    String done = PostgresCluster.queryText(server(), "select pg_promote(true, 60)::text");
    if (!"true".equals(done)) {
      throw new IllegalStateException("promotion did not finish within 60 s: " + this + "; log " + logFile());
    }
  }

  /** Removes the replica, then drops its replication slot on the primary if that still runs. Idempotent. */
  @Override
  public void close() {
    standby.close();
    if (primary.isRunning()) {
      PostgresCluster.dropSlot(primary.server(), slot);
    }
  }

  @Override
  public String toString() {
    return "PostgresReplica[of " + primary + ": " + standby + ", slot " + slot + "]";
  }

  private void awaitCondition(String sql, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!"t".equals(bool(PostgresCluster.queryText(server(), sql)))) {
      if (System.nanoTime() > deadline || !Processes.pause(POLL)) {
        throw new IllegalStateException("waited " + timeout + " for " + what + " on " + this
            + "; replayed up to " + replayLsn() + ", replay " + (isReplayPaused() ? "paused" : "not paused"));
      }
    }
  }

  private static String bool(String text) {
    return "true".equals(text) || "t".equals(text) ? "t" : "f";
  }
}
