package io.inrvo.data.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether other writers' changes reach a {@link CachingInrvo}'s caches right now, for a readiness
 * check, a metric or a log line: {@link CachingInrvo#invalidationStatus()}.
 *
 * <p>While {@link #isDegraded()}, the caches serve nothing cached before the listener lost its
 * connection (or, when it has not connected yet, before it was started), and keep what they load
 * meanwhile for at most {@link #disconnectedTimeToLive()}: that is then the longest another
 * writer's change can stay unseen. A readiness probe may report "not ready" (or a warning) while it
 * is degraded; the caches keep working either way.
 *
 * @param state where invalidation stands
 * @param disconnectedFor how long the listener has been without a connection: present in {@link
 *     State#CONNECTING} and {@link State#DISCONNECTED} only
 * @param disconnectedTimeToLive how long an entry loaded while the listener is down may be served
 */
public record InvalidationStatus(State state, Optional<Duration> disconnectedFor, Duration disconnectedTimeToLive) {

  /** Where invalidation across instances stands. */
  public enum State {
    /**
     * No listener runs (none was started, or it was closed): other writers' changes are unseen for
     * up to each cache's time to live, by choice.
     */
    NO_LISTENER,
    /** A listener was started and has not connected yet: degraded, as {@link #DISCONNECTED}. */
    CONNECTING,
    /** The listener is connected: other writers' changes arrive within milliseconds. */
    LISTENING,
    /** The listener lost its connection and is reconnecting: degraded. */
    DISCONNECTED
  }

  /**
   * Checks the parts.
   *
   * @param state where invalidation stands
   * @param disconnectedFor present exactly in the degraded states; not negative
   * @param disconnectedTimeToLive not negative
   * @throws IllegalArgumentException when {@code disconnectedFor} is present in a state that is not
   *     degraded, absent in one that is, or a duration is negative
   */
  public InvalidationStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(disconnectedFor, "disconnectedFor");
    Objects.requireNonNull(disconnectedTimeToLive, "disconnectedTimeToLive");
    boolean degraded = state == State.CONNECTING || state == State.DISCONNECTED;
    if (degraded != disconnectedFor.isPresent()) {
      throw new IllegalArgumentException("disconnectedFor must be present exactly while connecting or disconnected: "
          + state + ", " + disconnectedFor);
    }
    if (disconnectedFor.map(Duration::isNegative).orElse(false) || disconnectedTimeToLive.isNegative()) {
      throw new IllegalArgumentException("durations cannot be negative: disconnectedFor " + disconnectedFor
          + ", disconnectedTimeToLive " + disconnectedTimeToLive);
    }
  }

  /**
   * Whether a listener runs but cannot hear changes now ({@link State#CONNECTING} or {@link
   * State#DISCONNECTED}).
   *
   * @return true while degraded
   */
  public boolean isDegraded() {
    return disconnectedFor.isPresent();
  }
}
