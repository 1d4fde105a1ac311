package io.inrvo.data.admin;

/**
 * How many attempts of an {@link AnalyticsRefresher} ended which way, since it was built.
 *
 * @param refreshed attempts that refreshed the view
 * @param skipped attempts skipped because another refresher held the lock
 * @param failed attempts that failed
 */
public record RefreshCounters(long refreshed, long skipped, long failed) {

  /**
   * All attempts.
   *
   * @return {@code refreshed + skipped + failed}
   */
  public long attempts() {
    return refreshed + skipped + failed;
  }
}
