package io.inrvo.data.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The result of one refresh attempt of {@link AnalyticsRefresher}.
 *
 * @param status what happened
 * @param startedAt when the attempt started (by the refresher's clock)
 * @param took how long it took (by the refresher's clock)
 * @param viewRefreshedAt the view's new {@code refreshed_at}, when it was refreshed
 * @param failure why it failed, when it did
 */
public record RefreshOutcome(
    Status status, Instant startedAt, Duration took, Optional<Instant> viewRefreshedAt, Optional<String> failure) {

  /** What one attempt did. */
  public enum Status {
    /** This instance refreshed the view. */
    REFRESHED,
    /** Another instance (or another thread of this one) held the refresh lock, so this attempt did nothing. */
    SKIPPED_LOCKED,
    /** The refresh failed; readers keep the previous contents, the next tick tries again. */
    FAILED
  }
}
