package io.inrvo.data;

import io.inrvo.data.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What an {@link Inrvo} knows about one of its read replicas ({@link Inrvo#replicas()}), as its
 * background check last saw it, or as a call that failed on it left it.
 *
 * @param name the replica's name: {@code replica-1}, {@code replica-2}, ... in the order the
 *     replicas were given to {@link InrvoOptions.Builder#readReplicas}
 * @param state whether it serves reads, and if not, why
 * @param replayed how far it has replayed the primary's log, as far as the library knows; empty
 *     before the first check answered
 * @param lag how long the replica has been behind a position the primary had reached ({@link
 *     Duration#ZERO} when it has replayed everything the primary had at the last check)
 * @param checkedAt when the state was last set
 * @param reads reads it served since the instance was built
 * @param failovers calls that failed on it and were served by the primary instead
 */
public record ReplicaStatus(String name, State state, Optional<ConsistencyToken> replayed, Duration lag,
    Instant checkedAt, long reads, long failovers) {

  /**
   * Checks that no component is null.
   *
   * @param name the replica's name
   * @param state whether it serves reads, and if not, why
   * @param replayed how far it has replayed, as far as known
   * @param lag how long it has been behind
   * @param checkedAt when the state was last set
   * @param reads reads it served
   * @param failovers calls that failed over from it to the primary
   */
  public ReplicaStatus {
    Checks.present(name, "name");
    Checks.present(state, "state");
    Checks.present(replayed, "replayed");
    Checks.present(lag, "lag");
    Checks.present(checkedAt, "checkedAt");
  }

  /**
   * Whether reads may go to this replica now.
   *
   * @return true exactly when {@link #state()} is {@link State#IN_ROTATION}
   */
  public boolean inRotation() {
    return state == State.IN_ROTATION;
  }

  /** Whether a replica serves reads, and if not, why. */
  public enum State {
    /** Not checked yet: it serves no read until its first check answers. */
    STARTING,
    /** Reachable, replaying, and within {@link InrvoOptions#maxReplicaLag()}: it serves reads. */
    IN_ROTATION,
    /** Behind the primary for longer than {@link InrvoOptions#maxReplicaLag()}. */
    LAGGING,
    /** A connection or a call failed (stopped, restarting, refusing connections). */
    UNREACHABLE,
    /** No longer a standby ({@code pg_is_in_recovery()} is false): promoted, so it may have diverged. */
    PROMOTED,
    /** Its replay position went backwards (rewound, or replaced by another server). */
    REWOUND
  }
}
