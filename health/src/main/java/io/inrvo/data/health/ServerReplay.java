package io.inrvo.data.health;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one server of the deployment stands in replication ({@link DatabaseHealth#servers()}): the
 * primary, or a read replica given to {@link DatabaseHealth.Builder#replicas}.
 *
 * @param server {@code primary}, or {@code replica-1}, {@code replica-2}, ... in the order given
 * @param reachable whether the server answered; when false, the other values are empty or zero
 * @param inRecovery whether it is a standby ({@code pg_is_in_recovery()}); false for the primary
 *     and for a promoted replica
 * @param replayedPosition the log position it has replayed ({@code pg_last_wal_replay_lsn()}), or
 *     for the primary its written position ({@code pg_current_wal_lsn()}); empty when unreachable
 * @param bytesBehind how many bytes of the primary's log it has not replayed; zero for the primary
 * @param sinceLastReplayedCommit how long ago the last commit it replayed was made on the primary
 *     ({@code now() - pg_last_xact_replay_timestamp()}); on an idle primary this grows although
 *     nothing is missing, so read it with {@link #bytesBehind()}; empty for the primary
 */
public record ServerReplay(String server, boolean reachable, boolean inRecovery, Optional<String> replayedPosition,
    long bytesBehind, Optional<Duration> sinceLastReplayedCommit) {

  /**
   * Checks that no component is null.
   *
   * @param server the server's name
   * @param reachable whether it answered
   * @param inRecovery whether it is a standby
   * @param replayedPosition its replayed (or written) log position
   * @param bytesBehind bytes of the primary's log it has not replayed
   * @param sinceLastReplayedCommit age of the last replayed commit
   */
  public ServerReplay {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(replayedPosition, "replayedPosition");
    Objects.requireNonNull(sinceLastReplayedCommit, "sinceLastReplayedCommit");
  }
}
